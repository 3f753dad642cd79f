import { describe, expect, it, vi } from 'vitest';
import { fetchTransport, pickTransport } from './transport';

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
      credentials: 'same-origin',
    });
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
