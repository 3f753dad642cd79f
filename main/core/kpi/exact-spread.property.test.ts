import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { dayFromIso, isoFromDay } from '../../../shared/kpi/periods.js';
import { computeKpis } from './engine.js';

const tempDir = useTempDir();
const start = dayFromIso('2026-01-01');

/** A value as exact ten-thousandths; more than 4 decimals would be float noise. */
function e4(v: number | null): number {
  expect(String(v ?? 0)).toMatch(/^-?\d+(\.\d{1,4})?$/);
  return Math.round((v ?? 0) * 10_000);
}

describe('range rows spread over days sum back exactly', () => {
  it('any split of a row into whole days adds up to the row, for counts and money (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          offset: fc.integer({ min: 0, max: 300 }),
          days: fc.integer({ min: 1, max: 90 }),
          sessions: fc.integer({ min: 0, max: 5_000_000 }),
          bounceRate: fc.integer({ min: 0, max: 10_000 }),
          spendE4: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
          cuts: fc.array(fc.integer({ min: 1, max: 89 }), { maxLength: 6 }),
        }),
        async ({ offset, days, sessions, bounceRate, spendE4, cuts }) => {
          const from = start + offset;
          const to = from + days - 1;
          const abs = spendE4 < 0n ? -spendE4 : spendE4;
          const amount = `${spendE4 < 0n ? '-' : ''}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`;
          const span = `${isoFromDay(from)},${isoFromDay(to)}`;
          const ws = await workspaceWith(tempDir(), {
            web: `date_from,date_to,source,sessions,bounce_rate\n${span},Organic,${sessions},${bounceRate / 10_000}\n`,
            spend: `date_from,date_to,source,kind,amount\n${span},Meta Ads,marketing,${amount}\n`,
          });
          try {
            const edges = [...new Set(cuts.filter((c) => c < days))].sort((a, b) => a - b);
            const pieces = [0, ...edges].map((a, i) => [from + a, from + (edges[i] ?? days) - 1] as const);
            let sessionsE4 = 0;
            let spend = 0n;
            for (const [a, b] of pieces) {
              const period = `${isoFromDay(a)}..${isoFromDay(b)}`;
              const rows = computeKpis(ws.db, ws.settings, {
                kpis: ['web_sessions', 'marketing_spend'],
                period,
              });
              sessionsE4 += e4(rows[0]!.value);
              spend += BigInt(Math.round(rows[1]!.value! * 10_000));
            }
            expect(sessionsE4).toBe(sessions * 10_000);
            expect(spend).toBe(spendE4);
            const whole = computeKpis(ws.db, ws.settings, {
              kpis: ['web_sessions', 'marketing_spend'],
              period: `${isoFromDay(from)}..${isoFromDay(to)}`,
            });
            expect(whole[0]!.value).toBe(sessions);
            expect(whole[1]!.value).toBe(Number(amount));
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
