import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromDay, parsePeriod } from '../../shared/kpi/periods.js';
import {
  cli,
  kpiJson,
  makeDataset,
  parseCsv,
  sameNumber,
  toCsv,
  workspaceFromFiles,
  type KpiRow,
} from './fixtures.js';
import {
  moneyKpis,
  divide,
  kpiCodes,
  kpiValues,
  ratioKpis,
  ratioParts,
  ReferenceEngine,
  sumKpis,
  sumValues,
  type Dim,
  type Files,
  type Parts,
  type Scope,
} from './reference.js';

const calendar = { fiscalYearStartMonth: 1 };
const bounds = (label: string) => {
  const p = parsePeriod(label, calendar);
  return [p.from, p.to] as const;
};

let comparedCells = 0;

const scopeKey = (s: Record<string, string | null>) => JSON.stringify(Object.entries(s));

/**
 * Compares one `kpi --json` answer with the reference, cell by cell, and returns how many cells
 * were compared. Mismatches are collected rather than thrown so one run shows all of them.
 */
function compare(
  rows: KpiRow[],
  period: string,
  dim: Dim | null,
  ref: ReferenceEngine,
  problems: string[],
  skip: ReadonlySet<string> = new Set(['target_achievement']),
  /** The rows are `dim` inside this one scope of another dimension. */
  within: Scope = null,
): number {
  const [from, to] = bounds(period);
  const byScope = new Map<string, { scope: Scope; cells: Map<string, KpiRow> }>();
  for (const row of rows) {
    if (row.period !== period) problems.push(`${period}: row labelled ${row.period}`);
    const keys = Object.keys(row.scope);
    if (dim === null ? keys.length !== 0 : keys.length !== 1 || keys[0] !== dim) {
      problems.push(`${period} by ${dim ?? 'company'}: unexpected scope ${JSON.stringify(row.scope)}`);
      continue;
    }
    const key = scopeKey(row.scope);
    let entry = byScope.get(key);
    if (!entry) {
      entry = { scope: dim === null ? null : { dim, value: row.scope[dim] ?? null }, cells: new Map() };
      byScope.set(key, entry);
    }
    if (entry.cells.has(row.kpi)) problems.push(`${period} ${key}: ${row.kpi} twice`);
    entry.cells.set(row.kpi, row);
  }

  let cells = 0;
  for (const [key, { scope, cells: got }] of byScope) {
    const want = kpiValues(ref.parts(from, to, scope, within));
    for (const kpi of kpiCodes) {
      if (skip.has(kpi)) continue;
      const row = got.get(kpi);
      if (!row) {
        problems.push(`${period} ${key}: ${kpi} missing`);
        continue;
      }
      cells++;
      if (!sameNumber(row.value, want[kpi], moneyKpis.has(kpi))) {
        problems.push(`${kpi} ${period} ${key}: got ${row.value}, expected ${want[kpi]}`);
      }
    }
  }
  comparedCells += cells;

  // Every scope with data in P must be reported.
  const scopes: Scope[] = dim === null ? [null] : ref.scopeValues(dim).map((value) => ({ dim, value }));
  for (const scope of scopes) {
    const key = scopeKey(scope === null ? {} : { [scope.dim]: scope.value });
    if (byScope.has(key)) continue;
    const want = kpiValues(ref.parts(from, to, scope, within));
    const withData = kpiCodes.filter((k) => want[k] !== null);
    if (withData.length > 0) problems.push(`${period} ${key}: scope missing, expected ${withData.join(',')}`);
  }
  return cells;
}

const report = (problems: string[]) =>
  problems.length === 0 ? '' : `${problems.length} mismatches:\n${problems.slice(0, 40).join('\n')}`;

describe('KPI engine against an independent recomputation from the raw rows', () => {
  let dir: string;
  let files: Files;
  let ref: ReferenceEngine;
  let ws: string;
  let started: number;

  beforeAll(() => {
    started = Date.now();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-acceptance-'));
    files = makeDataset(20261126, 600, '2024-01-01', '2025-12-31');
    ws = workspaceFromFiles(dir, files);
    ref = new ReferenceEngine(files);
  }, 120_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    console.info(
      `kpi-independent: ${comparedCells} KPI×period×scope cells compared in ${Date.now() - started} ms`,
    );
  });

  it('writes CSV that reads back to the same rows, quoting included', () => {
    for (const kind of ['deals', 'spend', 'web'] as const) {
      const back = parseCsv(fs.readFileSync(path.join(dir, `${kind}.csv`), 'utf8'));
      const header = Object.keys(back[0]!);
      expect(back).toEqual(files[kind].map((r) => Object.fromEntries(header.map((h) => [h, r[h] ?? '']))));
    }
    expect(toCsv([{ a: 'x, "y"', b: '' }])).toBe('a,b\r\n"x, ""y""",\r\n');
  });

  const companyPeriods = [
    '2025-03',
    '2025-Q2',
    '2025',
    '2024',
    '2024-02',
    '2025-W10',
    '2025-W01',
    '2025-03-17',
    '2025-02-15..2025-04-10',
    '2024-12-30..2025-01-05',
  ];

  it.each(companyPeriods)('company, every catalog KPI, period %s', (period) => {
    const problems: string[] = [];
    const cells = compare(kpiJson(ws, '--period', period), period, null, ref, problems);
    expect(cells).toBe(kpiCodes.length);
    expect(problems, report(problems)).toEqual([]);
  });

  const dims: Dim[] = ['owner', 'team', 'source', 'platform', 'campaign'];
  const scoped = dims.flatMap((dim) => ['2025-Q2', '2025'].map((period) => [dim, period] as const));

  it.each(scoped)('by %s, every catalog KPI, period %s', (dim, period) => {
    const problems: string[] = [];
    const rows = kpiJson(ws, '--period', period, '--by', dim);
    const cells = compare(rows, period, dim, ref, problems);
    // The data leaves every dimension empty somewhere (a team-less seller's deals and leads too).
    const scopes = new Set(rows.map((r) => JSON.stringify(r.scope)));
    expect(scopes).toContain(JSON.stringify({ [dim]: null }));
    expect(cells).toBeGreaterThan(kpiCodes.length * 2);
    expect(problems, report(problems)).toEqual([]);
  });

  // Every ordered pair of dimensions that some kind of record carries together.
  const pairs = dims.flatMap((by) =>
    dims.filter((w) => w !== by && w !== 'platform' && by !== 'platform').map((w) => [by, w] as const),
  );
  // The busiest named value of the outer dimension in 2025, so the rows are many and varied.
  const busiest = (w: Dim) => {
    const [from, to] = bounds('2025');
    const size = (v: string) => {
      const p = ref.parts(from, to, { dim: w, value: v });
      return p.closed + p.leadsCreated + p.marketingRows + p.webRows;
    };
    return ref
      .scopeValues(w)
      .filter((v): v is string => v !== null)
      .sort((a, b) => size(b) - size(a))[0]!;
  };

  it.each(pairs)('by %s inside one %s, every catalog KPI, and the sums add up to the scope', (by, w) => {
    const period = '2025';
    const value = busiest(w);
    const problems: string[] = [];
    const rows = kpiJson(ws, '--period', period, '--by', by, '--scope', `${w}=${value}`);
    const cells = compare(rows, period, by, ref, problems, undefined, { dim: w, value });
    expect(cells).toBeGreaterThanOrEqual(kpiCodes.length);
    expect(problems, report(problems)).toEqual([]);
    // The rows, the empty one included, add up to the scope's own value.
    const whole = new Map(
      kpiJson(ws, '--period', period, '--scope', `${w}=${value}`).map((r) => [r.kpi, r.value]),
    );
    for (const kpi of sumKpis) {
      const parts = rows.filter((r) => r.kpi === kpi).map((r) => r.value);
      if (parts.every((v) => v === null)) continue;
      const total = moneyKpis.has(kpi)
        ? parts.reduce<number>((t, v) => t + Math.round((v ?? 0) * 10_000), 0) / 10_000
        : parts.reduce<number>((t, v) => t + (v ?? 0), 0);
      if (!sameNumber(total, whole.get(kpi) ?? null, moneyKpis.has(kpi)))
        problems.push(`${kpi}: rows add up to ${total}, the ${w} has ${whole.get(kpi)}`);
    }
    expect(problems, report(problems)).toEqual([]);
  });

  it.each(dims.filter((d) => d !== 'platform'))(
    'by platform inside one %s (and the reverse) is refused: no record carries both',
    (w) => {
      for (const args of [
        ['--by', 'platform', '--scope', `${w}=x`],
        ['--by', w, '--scope', 'platform=Instagram'],
      ]) {
        expect(() => kpiJson(ws, '--period', '2025', ...args)).toThrow(/no records carry both/);
      }
    },
  );

  it.each(['2025-Q2', '2025', '2024'])(
    'revenue of all owners, the empty owner included, adds up to the company in %s',
    (period) => {
      const company = kpiJson(ws, '--period', period, '--kpi', 'revenue')[0]!.value;
      const owners = kpiJson(ws, '--period', period, '--kpi', 'revenue', '--by', 'owner');
      expect(owners.some((r) => r.scope.owner === null && r.value !== null)).toBe(true);
      const e4 = owners.reduce((s, r) => s + Math.round((r.value ?? 0) * 10_000), 0);
      expect(e4 / 10_000).toBe(company);
    },
  );

  it('target achievement is revenue over the target set for that scope and period', () => {
    cli([
      'target',
      'set',
      '--workspace',
      ws,
      '--kpi',
      'revenue',
      '--period',
      '2025-Q2',
      '--value',
      '5000000000',
    ]);
    cli([
      'target',
      'set',
      '--workspace',
      ws,
      '--kpi',
      'revenue',
      '--period',
      '2025',
      '--scope',
      'owner=Budi Santoso',
      '--value',
      '1234567890.12',
    ]);
    const check = (rows: KpiRow[], scope: Scope, target: number, period: string) => {
      const revenue = sumValues(ref.parts(...bounds(period), scope)).revenue! / 10_000;
      const revenueRow = rows.find((r) => r.kpi === 'revenue')!;
      const achievementRow = rows.find((r) => r.kpi === 'target_achievement')!;
      expect(revenueRow.target).toBe(target);
      expect(sameNumber(revenueRow.achievement, revenue / target)).toBe(true);
      expect(sameNumber(achievementRow.value, revenue / target)).toBe(true);
    };
    check(kpiJson(ws, '--period', '2025-Q2', '--kpi', 'revenue,target_achievement'), null, 5e9, '2025-Q2');

    const year = kpiJson(ws, '--period', '2025', '--kpi', 'revenue,target_achievement', '--by', 'owner');
    const budi = { dim: 'owner', value: 'Budi Santoso' } as const;
    check(
      year.filter((r) => r.scope.owner === budi.value),
      budi,
      1234567890.12,
      '2025',
    );
    // Other owners have no target, hence no achievement.
    const others = year.filter((r) => r.scope.owner !== budi.value);
    expect(others.length).toBeGreaterThan(10);
    expect(others.every((r) => r.target === null && r.achievement === null)).toBe(true);
    expect(others.filter((r) => r.kpi === 'target_achievement').every((r) => r.value === null)).toBe(true);
  });
});

/** Parts added field by field, as the larger period's recomputation needs them. */
function addParts(all: Parts[]): Parts {
  const total = { ...all[0]! };
  for (const p of all.slice(1)) for (const k of Object.keys(total) as (keyof Parts)[]) total[k] += p[k];
  return total;
}

describe('roll-ups over random small companies', () => {
  it('a year of every sum KPI is the sum of its months; a quarter of every ratio is Σ numerators ÷ Σ denominators', () => {
    const started = Date.now();
    let cells = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 2 }),
        fc.integer({ min: 8, max: 90 }),
        fc.integer({ min: 0, max: 330 }),
        fc.integer({ min: 0, max: 400 }),
        (seed, dealCount, startOffset, endOffset) => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-acceptance-prop-'));
          try {
            const [base] = bounds('2024-02-01');
            const [end] = bounds('2025-03-01');
            const files = makeDataset(
              seed,
              dealCount,
              isoFromDay(base + startOffset),
              isoFromDay(end + endOffset),
            );
            const ws = workspaceFromFiles(dir, files);
            const ref = new ReferenceEngine(files);
            const problems: string[] = [];

            const year = new Map(kpiJson(ws, '--period', '2025').map((r) => [r.kpi, r.value]));
            const monthRows = kpiJson(ws, '--period', '2025', '--grain', 'month');
            const quarterRows = kpiJson(ws, '--period', '2025', '--grain', 'quarter');
            const months = [...new Set(monthRows.map((r) => r.period))];
            expect(months).toHaveLength(12);
            const monthParts = new Map(months.map((m) => [m, ref.parts(...bounds(m), null)]));

            for (const kpi of sumKpis) {
              const values = monthRows.filter((r) => r.kpi === kpi).map((r) => r.value);
              const want = values.every((v) => v === null)
                ? null
                : moneyKpis.has(kpi)
                  ? values.reduce<number>((s, v) => s + Math.round((v ?? 0) * 10_000), 0) / 10_000
                  : values.reduce<number>((s, v) => s + (v ?? 0), 0);
              cells++;
              if (!sameNumber(year.get(kpi) ?? null, want, moneyKpis.has(kpi))) {
                problems.push(`${kpi} 2025: got ${year.get(kpi)}, Σ months ${want}`);
              }
            }

            for (const q of [1, 2, 3, 4]) {
              const label = `2025-Q${q}`;
              const parts = addParts(months.slice((q - 1) * 3, q * 3).map((m) => monthParts.get(m)!));
              const ratios = ratioParts(parts);
              for (const kpi of ratioKpis) {
                const got = quarterRows.find((r) => r.period === label && r.kpi === kpi)?.value;
                cells++;
                if (got === undefined || !sameNumber(got, divide(ratios[kpi]))) {
                  problems.push(`${kpi} ${label}: got ${got}, Σnum/Σden ${divide(ratios[kpi])}`);
                }
              }
            }

            for (const row of monthRows) {
              if (row.kpi === 'target_achievement') continue;
              const want = kpiValues(monthParts.get(row.period)!)[row.kpi as (typeof kpiCodes)[number]];
              cells++;
              if (!sameNumber(row.value, want, moneyKpis.has(row.kpi as (typeof kpiCodes)[number]))) {
                problems.push(`${row.kpi} ${row.period}: got ${row.value}, expected ${want}`);
              }
            }
            expect(problems, `seed ${seed}, ${dealCount} deals: ${report(problems)}`).toEqual([]);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 5 },
    );
    console.info(`roll-up property: ${cells} cells compared in ${Date.now() - started} ms`);
  }, 180_000);
});
