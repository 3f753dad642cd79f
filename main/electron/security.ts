import { CONTENT_SECURITY_POLICY } from '../server/http-host.js';
import { isTrustedUrl } from './app-url.js';

// Structural stand-ins for the few Electron members used here, so the policies below run
// under plain Node against fakes. Electron's own objects satisfy them (main.ts checks that).

export interface PreventableEvent {
  preventDefault(): void;
}

/** Electron passes the target both on the event (current API) and as a second argument (older API). */
export interface NavigationEvent extends PreventableEvent {
  readonly url?: string;
}

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetails,
        callback: (response: HeadersReceivedResponse) => void,
      ) => void,
    ): void;
  };
}

/** Opens a URL outside the app, e.g. Electron's shell.openExternal. */
export type OpenExternal = (url: string) => Promise<void>;

/**
 * Only https leaves the app: file:, smb:, custom protocol handlers and the like can start
 * programs on the user's machine, and a KPI app has no reason to hand them to the OS.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * The window only ever shows the app. A page that tries to go elsewhere (a link in imported
 * data, a redirect) is stopped, new windows are never created, and <webview> is refused even
 * though webviewTag is already off.
 */
export function hardenWebContents(contents: WebContentsLike, openExternal?: OpenExternal): void {
  const guard = (event: NavigationEvent, url?: string) => {
    if (!isTrustedUrl(event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (openExternal && isSafeExternalUrl(url)) {
      // The browser reports its own failures; nothing useful to do with them here.
      openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

/** Copy of the headers with any CSP the response carried replaced by the app's own. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/**
 * The app needs no camera, microphone, notifications, geolocation, USB, clipboard reads or
 * any other browser permission, so every request and every check is refused. The CSP is
 * added here as well as by the protocol handler so that it holds whatever serves the page.
 */
export function hardenSession(session: SessionLike, policy: string = CONTENT_SECURITY_POLICY): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (isTrustedUrl(details.url)) {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
    } else {
      callback({});
    }
  });
}
