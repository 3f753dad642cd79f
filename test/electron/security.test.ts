import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/server/http-host.js';
import {
  hardenSession,
  hardenWebContents,
  isSafeExternalUrl,
  withContentSecurityPolicy,
  type HeadersReceivedDetails,
  type HeadersReceivedResponse,
  type NavigationEvent,
  type SessionLike,
  type WebContentsLike,
} from '../../main/electron/security.js';

type Listener = (event: NavigationEvent, url?: string) => void;
type OpenHandler = (details: { url: string }) => { action: 'deny' };

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: OpenHandler | null = null;
  const contents: WebContentsLike = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: OpenHandler) {
      openHandler = handler;
    },
  };
  /** Emits like Electron does today: the target on the event and, deprecated, as an argument. */
  const emit = (name: string, url: string, legacyOnly = false) => {
    const event = { url: legacyOnly ? undefined : url, preventDefault: vi.fn() };
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no '${name}' listener`);
    listener(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  const open = (url: string) => {
    if (!openHandler) throw new Error('no window open handler');
    return openHandler({ url });
  };
  return { contents, listeners, emit, open };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-redirect'])('%s: stops navigation away from the app', (name) => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1/',
      'file:///etc/passwd',
      'app://kinerja.evil/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
    ]) {
      expect(wc.emit(name, url), url).toBe(true);
      expect(wc.emit(name, url, true), `${url} (legacy arguments)`).toBe(true);
    }
  });

  it.each(['will-navigate', 'will-redirect'])('%s: lets the app move between its own pages', (name) => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    expect(wc.emit(name, 'app://kinerja/index.html')).toBe(false);
    expect(wc.emit(name, 'app://kinerja/reviews/2026-Q1')).toBe(false);
    expect(wc.emit(name, 'app://kinerja/dashboard', true)).toBe(false);
  });

  it('refuses <webview> even though the tag is disabled', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    expect(wc.emit('will-attach-webview', 'app://kinerja/')).toBe(true);
  });

  it('never opens a new window', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    for (const url of ['https://example.com/', 'app://kinerja/index.html', 'about:blank', 'file:///x']) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
  });

  it('hands https links, and only those, to the browser', () => {
    const wc = fakeWebContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    hardenWebContents(wc.contents, openExternal);
    const tried = [
      'https://kinerja.example/help',
      'http://example.com/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-settings:privacy',
      'https://user:pw@example.com/',
      'app://kinerja/index.html',
    ];
    for (const url of tried) expect(wc.open(url)).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://kinerja.example/help']]);
  });

  it('does not let a failing browser launch escape as an unhandled rejection', async () => {
    const wc = fakeWebContents();
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    hardenWebContents(wc.contents, openExternal);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      expect(wc.open('https://example.com/')).toEqual({ action: 'deny' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('isSafeExternalUrl', () => {
  it('allows https only', () => {
    expect(isSafeExternalUrl('https://example.com/a?b=c')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://EXAMPLE.COM/')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc', 'mailto:a@b.c', 'nonsense', '']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

function fakeSession() {
  let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
  let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
  let headers: ((details: HeadersReceivedDetails, cb: (r: HeadersReceivedResponse) => void) => void) | null =
    null;
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => void (request = h),
    setPermissionCheckHandler: (h) => void (check = h),
    webRequest: { onHeadersReceived: (l) => void (headers = l) },
  };
  return {
    session,
    request: (permission: string) => {
      const callback = vi.fn();
      if (!request) throw new Error('no permission request handler');
      request({}, permission, callback);
      return callback.mock.calls;
    },
    check: (permission: string) => {
      if (!check) throw new Error('no permission check handler');
      return check({}, permission);
    },
    headers: (details: HeadersReceivedDetails) => {
      if (!headers) throw new Error('no onHeadersReceived listener');
      const callback = vi.fn();
      headers(details, callback);
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0] as HeadersReceivedResponse;
    },
  };
}

describe('hardenSession', () => {
  const permissions = [
    'media',
    'notifications',
    'geolocation',
    'clipboard-read',
    'openExternal',
    'usb',
    'unknown',
  ];

  it('refuses every permission request', () => {
    const s = fakeSession();
    hardenSession(s.session);
    for (const p of permissions) expect(s.request(p), p).toEqual([[false]]);
  });

  it('answers every permission check with false', () => {
    const s = fakeSession();
    hardenSession(s.session);
    for (const p of permissions) expect(s.check(p), p).toBe(false);
  });

  it("sets the app's CSP on the app's pages, replacing any other", () => {
    const s = fakeSession();
    hardenSession(s.session);
    const reply = s.headers({
      url: 'app://kinerja/index.html',
      responseHeaders: {
        'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
        'Content-Type': ['text/html'],
      },
    });
    expect(reply.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('sets the CSP when the response had no headers at all', () => {
    const s = fakeSession();
    hardenSession(s.session);
    const reply = s.headers({ url: 'app://kinerja/' });
    expect(reply.responseHeaders).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('leaves responses from elsewhere unchanged', () => {
    const s = fakeSession();
    hardenSession(s.session);
    expect(s.headers({ url: 'devtools://devtools/bundled/x.js', responseHeaders: { A: ['b'] } })).toEqual({});
  });
});

describe('withContentSecurityPolicy', () => {
  it('forbids scripts from anywhere but the app', () => {
    const csp = withContentSecurityPolicy(undefined)['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
});
