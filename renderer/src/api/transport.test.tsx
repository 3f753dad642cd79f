import { describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY, fetchTransport, pickTransport, takeTokenFromAddress } from './transport';

describe('transport', () => {
  it('uses the desktop bridge when the preload exposed one', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: null }));
    const transport = pickTransport({ kinerja: { invoke } });
    expect(await transport('workspace/current', {})).toEqual({ ok: true, value: null });
    expect(invoke).toHaveBeenCalledWith('workspace/current', {});
  });

  it('posts JSON to the loopback host in browser mode', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: [] })));
    const transport = fetchTransport('/api/', fetchImpl);
    expect(await transport('values/list', { kpi: 'revenue' })).toEqual({ ok: true, value: [] });
    expect(fetchImpl).toHaveBeenCalledWith('/api/values/list', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"kpi":"revenue"}',
      credentials: 'omit',
    });
  });

  it('moves the token from the address into this tab and sends it as a header, never a cookie', async () => {
    window.history.replaceState(null, '', '/?token=tok-1#/print/appraisal?person=Budi');
    takeTokenFromAddress();
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/print/appraisal?person=Budi');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('tok-1');
    expect(document.cookie).toBe('');
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: null })));
    await fetchTransport('/api/', fetchImpl)('workspace/current', {});
    expect(fetchImpl).toHaveBeenCalledWith(
      '/api/workspace/current',
      expect.objectContaining({
        headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': 'tok-1' },
        credentials: 'omit',
      }),
    );
    window.sessionStorage.removeItem(TOKEN_KEY);
  });

  it('turns a plain-text refusal into an error the screens can show', async () => {
    const transport = fetchTransport(
      '/api/',
      async () => new Response('Unauthorized: open the URL printed by `kinerja serve`', { status: 401 }),
    );
    expect(await transport('workspace/current', {})).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Unauthorized: open the URL printed by `kinerja serve`' },
    });
  });

  it('says the host is gone when the request cannot be sent', async () => {
    const transport = fetchTransport('/api/', async () => {
      throw new TypeError('Failed to fetch');
    });
    const reply = await transport('workspace/current', {});
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.message).toMatch(/not reachable/);
  });
});
