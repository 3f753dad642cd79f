import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/tmp.js';
import { createDispatch } from './dispatch.js';
import { Session } from './session.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

/** The screens say errors in their own language from these codes; the message is the fallback. */
describe('errors carry a code and the values a screen needs to say them', () => {
  it.each([
    [
      'values/set',
      { kpi: 'win_rate', period: '2026-03', value: 1.5 },
      'value_rate',
      { kpi: 'win_rate', period: '2026-03' },
    ],
    ['values/set', { kpi: 'cac', period: '2026-03', value: 1 }, 'value_derived', { kpi: 'cac' }],
    ['kpi/query', { period: '2026-13' }, 'invalid_period', { text: '2026-13' }],
    ['kpi/query', { kpis: ['revenu'], period: '2026-03' }, 'unknown_kpi', { kpi: 'revenu' }],
    [
      'targets/set',
      { kpi: 'revenue', period: '2026-03', scope: { dim: 'owner', name: 'Nobody' }, value: 1 },
      'no_scope_names',
      { dim: 'owner' },
    ],
    ['targets/set', { kpi: 'revenue', period: '2026-03' }, 'target_needs_value', { kpi: 'revenue' }],
    [
      'export/kpis',
      { format: 'csv', period: '2026', path: '/nonexistent-kinerja-folder/x.csv' },
      'write_enoent',
      { folder: '/nonexistent-kinerja-folder' },
    ],
  ] as const)('%s %j → %s', async (call, request, code, params) => {
    session = new Session();
    session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    const reply = await createDispatch({ session })(call, request);
    expect(reply).toMatchObject({ ok: false, error: { code, params } });
  });

  it('a long period is not echoed whole', async () => {
    session = new Session();
    session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    const reply = await createDispatch({ session })('kpi/query', { period: 'x'.repeat(100_000) });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(String(reply.error.params?.text).length).toBeLessThanOrEqual(80);
      expect(reply.error.message.length).toBeLessThan(300);
    }
  });
});
