import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { KpiDefinition, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import {
  achievement,
  beatsByZero,
  status,
  type Status,
  type TargetSpec,
} from '../../../shared/kpi/achievement.js';
import { builtInKpis } from '../../../shared/kpi/catalog.js';
import {
  evaluateFormula,
  formulaDependencies,
  parseFormula,
  type FormulaNode,
} from '../../../shared/kpi/formula.js';
import {
  addMeasures,
  computedKpis,
  kpiPartsOf,
  moneyMeasures,
  type FactKind,
  type KpiParts,
  type MeasureBag,
} from '../../../shared/kpi/measures.js';
import {
  canonicalPeriod,
  isoFromDay,
  countPeriods,
  parsePeriod,
  splitPeriod,
  type Day,
  type Grain,
  type Period,
  type PeriodSettings,
  shortText,
} from '../../../shared/kpi/periods.js';
import { checkQuestionSize } from './question-size.js';
import { crossDimRows, dimsMeet, dimsOf, factKinds, measuresOf } from './rollups.js';

export const scopeDims = ['owner', 'team', 'source', 'campaign', 'platform'] as const;
export type ScopeDim = (typeof scopeDims)[number];

/** Table holding the names of each scope dimension. */
export const dimTable: Record<ScopeDim, string> = {
  owner: 'people',
  team: 'teams',
  source: 'sources',
  campaign: 'campaigns',
  platform: 'platforms',
};

export interface KpiQuery {
  kpis?: string[];
  period: string;
  grain?: Grain;
  /** One row per value of this dimension. */
  by?: ScopeDim;
  /** Only this scope (e.g. owner = Budi Santoso). */
  scope?: { dim: ScopeDim; name: string };
  /** Add each computed value's parts (won deals, closed deals…), for a formula in words. */
  explain?: boolean;
  /**
   * A custom KPI being written and not yet saved, answered as if it were defined (replacing a
   * saved one of the same code): the editor's preview, without a write to the workspace.
   */
  draft?: CustomKpiDraft;
  /**
   * Answer from imported data alone, as if nothing were typed. The engine asks this of itself to
   * find what a person's typed value replaces in their team's and the company's totals.
   */
  ignoreTyped?: boolean;
}

export interface CustomKpiDraft {
  code: string;
  name: { id: string; en: string };
  formula: string;
  unit: KpiDefinition['unit'];
  direction: KpiDefinition['direction'];
}

/** A draft in the shape of a saved custom KPI. */
export function draftRow(draft: CustomKpiDraft): CustomKpi & { formulaText: string } {
  return {
    def: {
      code: draft.code,
      name: draft.name,
      definition: { id: `Rumus: ${draft.formula}`, en: `Formula: ${draft.formula}` },
      unit: draft.unit,
      direction: draft.direction,
      rollup: 'formula',
    },
    formula: parseFormula(draft.formula),
    formulaText: draft.formula,
  };
}

export type ValueOrigin = 'computed' | 'manual' | null;
export type TargetOrigin = 'set' | 'months_sum' | 'months_mean' | null;

export interface KpiRow {
  kpi: string;
  period: string;
  /** {} for the company; { owner: 'Budi Santoso' }; { owner: null } for records without an owner. */
  scope: Partial<Record<ScopeDim, string | null>>;
  value: number | null;
  target: number | null;
  achievement: number | null;
  status: Status;
  origin: ValueOrigin;
  targetOrigin: TargetOrigin;
  /** Part of the value comes from rows over a date range spread evenly per day. */
  allocated: boolean;
  /** With `explain`: the parts a computed value comes from. */
  parts?: KpiParts | null;
  /**
   * Part of the value was typed by hand (some months, or some people's values inside a team or
   * the company) and part computed from records: the records alone do not add up to it.
   */
  includesTyped?: boolean;
}

interface CustomKpi {
  def: KpiDefinition;
  formula: FormulaNode;
}

/** Built-in and custom KPIs of a workspace, keyed by code. */
export function kpiLibrary(
  db: Database.Database,
  customs: (CustomKpi & { formulaText: string })[] = customKpiRows(db),
): Map<string, KpiDefinition & { formula?: string }> {
  const lib = new Map<string, KpiDefinition & { formula?: string }>(builtInKpis.map((k) => [k.code, k]));
  for (const c of customs) lib.set(c.def.code, { ...c.def, formula: c.formulaText });
  return lib;
}

function customKpiRows(db: Database.Database): (CustomKpi & { formulaText: string })[] {
  const rows = db.prepare(SQL.customKpis).all() as {
    code: string;
    name_id: string;
    name_en: string;
    formula: string;
    unit: KpiDefinition['unit'];
    direction: KpiDefinition['direction'];
  }[];
  return rows.map((r) => ({
    def: {
      code: r.code,
      name: { id: r.name_id, en: r.name_en },
      definition: { id: `Rumus: ${r.formula}`, en: `Formula: ${r.formula}` },
      unit: r.unit,
      direction: r.direction,
      rollup: 'formula',
    },
    formula: parseFormula(r.formula),
    formulaText: r.formula,
  }));
}

/** Every SQL statement the engine runs, named, so each has an EXPLAIN QUERY PLAN test. */
export const SQL = {
  customKpis: 'SELECT code, name_id, name_en, formula, unit, direction FROM custom_kpis ORDER BY code',
  rollup: (kind: FactKind) =>
    `SELECT day, key_id, ${measuresOf[kind].join(', ')} FROM r_${kind} WHERE dim = @dim AND day BETWEEN @from AND @to`,
  rollupOneKey: (kind: FactKind) =>
    `SELECT day, key_id, ${measuresOf[kind].join(', ')} FROM r_${kind} WHERE dim = @dim AND day BETWEEN @from AND @to AND key_id = @key`,
  attributed: `SELECT day, sum(won_e4) AS won_e4 FROM r_deals
    WHERE dim = 'source' AND day BETWEEN @from AND @to AND key_id IN (SELECT value FROM json_each(@keys))
    GROUP BY day`,
  marketingSources: `SELECT s.id FROM sources s
    WHERE s.is_marketing = 1
       OR (s.is_marketing IS NULL AND EXISTS (SELECT 1 FROM spend x WHERE x.source_id = s.id AND x.kind = 'marketing'))`,
  dimNames: (dim: ScopeDim) => `SELECT id, name FROM ${dimTable[dim]}`,
  dimCount: (dim: ScopeDim) => `SELECT count(*) FROM ${dimTable[dim]}`,
  dimIdByName: (dim: ScopeDim) => `SELECT id FROM ${dimTable[dim]} WHERE name = ?`,
  teamMembers: 'SELECT id FROM people WHERE team_id = ?',
  peopleTeams: 'SELECT p.name, t.name AS team FROM people p LEFT JOIN teams t ON t.id = p.team_id',
  hasRangeRows: (kind: 'spend' | 'web' | 'social') =>
    `SELECT EXISTS (SELECT 1 FROM ${kind} WHERE day_to > day_from) AS x`,
  straddles: (kind: 'spend' | 'web' | 'social') =>
    `SELECT EXISTS (SELECT 1 FROM ${kind} WHERE day_from <= @to AND day_to >= @from AND day_to > day_from
       AND (day_from < @from OR day_to > @to)) AS x`,
  manualValues: `SELECT kpi, period, scope_key, value FROM kpi_values`,
  kpiSettings: `SELECT kpi, manual_wins, manual_rollup FROM kpi_settings`,
  targets: `SELECT kpi, scope_key, period, value, band_low, band_high, amber_at FROM targets`,
} as const;

export function scopeKey(scope: Partial<Record<ScopeDim, string | null>>): string {
  const [dim, name] = Object.entries(scope)[0] ?? [];
  return dim === undefined ? '' : `${dim}=${name ?? ''}`;
}

export function periodSettings(settings: WorkspaceSettings): PeriodSettings {
  return { fiscalYearStartMonth: settings.fiscalYearStartMonth, weekStart: settings.weekStart };
}

/** Months (as periods) that exactly tile P, or null when P does not start and end on month edges. */
function wholeMonths(p: Period, ps: PeriodSettings): Period[] | null {
  if (p.grain === 'month' || p.grain === 'day' || p.grain === 'week') return null;
  const months = splitPeriod(p, 'month', ps);
  return months.some((m) => m.partial) ? null : months;
}

type Cell = { bucket: number; key: number };

/**
 * Computes KPI values for a period (optionally split by grain) and scope, from the rollups,
 * manual values, custom formulas and targets. The one engine behind the app, the CLI and
 * the PDFs.
 */
export function computeKpis(db: Database.Database, settings: WorkspaceSettings, query: KpiQuery): KpiRow[] {
  const ps = periodSettings(settings);
  // Custom formulas are read and parsed once per question.
  const saved = customKpiRows(db);
  const customRows = query.draft
    ? [...saved.filter((c) => c.def.code !== query.draft!.code), draftRow(query.draft)]
    : saved;
  const library = kpiLibrary(db, customRows);
  const codes = query.kpis?.length ? query.kpis : [...library.keys()];
  for (const code of codes) {
    if (!library.has(code)) {
      throw new KinerjaError(
        'not_found',
        `Unknown KPI '${shortText(code)}'; known codes: ${[...library.keys()].join(', ')}`,
        { code: 'unknown_kpi', params: { kpi: code.slice(0, 80) } },
      );
    }
  }
  const period = parsePeriod(query.period, ps);
  const dim: ScopeDim | 'all' = query.by ?? query.scope?.dim ?? 'all';
  // Rows of one dimension inside a scope of another (each owner of one team).
  const within = query.by && query.scope && query.scope.dim !== query.by ? query.scope.dim : null;
  if (within && !dimsMeet(dim, within)) {
    const carrying = (d: string) =>
      factKinds.filter((k) => (dimsOf[k] as readonly string[]).includes(d)).join(' and ');
    throw new KinerjaError(
      'invalid_request',
      `Cannot split by ${dim} inside one ${within}: no records carry both a ${dim} and a ${within} ` +
        `(${dim}: ${carrying(dim)}; ${within}: ${carrying(within)}), so there is nothing to split`,
    );
  }
  /** The kind holds the dimensions this question splits and filters by. */
  const carries = (kind: FactKind) =>
    (dimsOf[kind] as readonly string[]).includes(dim) &&
    (within === null || (dimsOf[kind] as readonly string[]).includes(within));

  let onlyKey: number | undefined;
  if (query.scope) {
    const row = db.prepare(SQL.dimIdByName(query.scope.dim)).get(query.scope.name) as
      { id: number } | undefined;
    // An unknown name is not an error: nothing was recorded for it yet, so every value is "—".
    onlyKey = row?.id ?? -1;
  }
  // Sized before any period is built or row read: the whole calendar by day is millions of rows.
  const oneScope = dim === 'all' || (onlyKey !== undefined && !within);
  checkQuestionSize({
    periods: query.grain ? countPeriods(period, query.grain, ps) : 1,
    grain: query.grain,
    scopes: oneScope ? 1 : Math.max(1, db.prepare(SQL.dimCount(dim)).pluck().get() as number),
    kpis: codes.length,
  });
  // A range that is exactly a month (or quarter, or year) answers with that period's targets and
  // typed values; rows keep the label the question used.
  const asked = query.grain ? splitPeriod(period, query.grain, ps) : [period];
  const buckets = asked.map((b) => canonicalPeriod(b, ps));

  const customs = new Map(customRows.map((c) => [c.def.code, c]));
  // Every computed KPI the request needs, including those behind custom formulas and achievement.
  const needed = new Set<string>();
  const collect = (code: string, seen: string[] = []): void => {
    if (seen.includes(code)) {
      throw new KinerjaError(
        'invalid_request',
        `Custom KPI formulas refer to each other in a loop: ${[...seen, code].join(' → ')}`,
      );
    }
    needed.add(code);
    const custom = customs.get(code);
    if (custom) for (const dep of formulaDependencies(custom.formula)) collect(dep, [...seen, code]);
    if (code === 'target_achievement') needed.add('revenue');
  };
  codes.forEach((c) => collect(c));
  const kinds = new Set<FactKind>();
  for (const code of needed) computedKpis[code]?.kinds.forEach((k) => kinds.add(k));

  // Sum the rollup rows into (bucket, key) cells.
  const bags = new Map<string, MeasureBag>();
  const keys = new Set<number>();
  const cellId = (c: Cell) => `${c.bucket}:${c.key}`;
  const bucketOf = makeBucketFinder(buckets);
  const span = { from: buckets[0]!.from, to: buckets[buckets.length - 1]!.to };
  for (const kind of kinds) {
    if (!carries(kind)) continue;
    // Money in ten-thousandths passes 2^53 at company scale (Rupiah over years): read it as
    // BigInt, and every other column back as a plain number.
    const money = measuresOf[kind].some((m) => moneyMeasures.has(m));
    let rows: Record<string, number | bigint>[];
    if (within) rows = crossDimRows(db, kind, span, dim, within, onlyKey!, money);
    else {
      const stmt = db.prepare(onlyKey === undefined ? SQL.rollup(kind) : SQL.rollupOneKey(kind));
      rows = stmt.safeIntegers(money).all({ dim, ...span, key: onlyKey }) as Record<
        string,
        number | bigint
      >[];
    }
    for (const r of rows) {
      const day = Number(r.day);
      const key = Number(r.key_id);
      const bucket = bucketOf(day);
      if (bucket < 0) continue;
      const id = cellId({ bucket, key });
      const bag = bags.get(id) ?? {};
      const m: Record<string, number | bigint> = {};
      for (const name of measuresOf[kind]) m[name] = moneyMeasures.has(name) ? r[name]! : Number(r[name]);
      (bag as Record<string, unknown>)[kind] = addMeasures(
        (bag as Record<string, Record<string, number | bigint>>)[kind],
        m,
      );
      bags.set(id, bag);
      keys.add(key);
    }
  }
  if (kinds.has('deals') && kinds.has('spend'))
    addAttribution(db, dim, onlyKey, buckets, bucketOf, bags, cellId);

  const allocatedBuckets = rangeAllocation(db, kinds, buckets);

  // Names for the scope rows.
  let names = new Map<number, string>();
  if (dim !== 'all') {
    names = new Map(
      (db.prepare(SQL.dimNames(dim)).all() as { id: number; name: string }[]).map((r) => [r.id, r.name]),
    );
  }
  // A typed value is for a whole scope, never for its part inside another scope — except a
  // person's, which counts in the row of that person inside their own team.
  const ownTeamMembers =
    within === 'team' && dim === 'owner'
      ? new Set(db.prepare(SQL.teamMembers).pluck().all(onlyKey) as number[])
      : null;
  const manual: ManualIndex = query.ignoreTyped || (within && !ownTeamMembers) ? new Map() : loadManual(db);
  const typedApplies = (key: number) => !ownTeamMembers || ownTeamMembers.has(key);
  const typed = new TypedValues(db, settings, query, manual, library);
  const targets = loadTargets(db);
  const kpiSettings = loadKpiSettings(db);

  let scopeKeys: number[];
  if (dim === 'all') scopeKeys = [0];
  else if (onlyKey !== undefined && !within) scopeKeys = [onlyKey];
  else if (within) {
    // The team's own people are listed even in a period where they recorded nothing.
    if (dim === 'owner' && within === 'team') {
      for (const id of db.prepare(SQL.teamMembers).pluck().all(onlyKey) as number[]) keys.add(id);
    }
    scopeKeys = [...keys].sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? '') || a - b);
  } else {
    // Scopes with facts, plus scopes that only have manual values or targets in this period.
    for (const key of manualScopeKeys(manual, targets, dim, names)) keys.add(key);
    // A team whose only numbers are its people's typed values still has a row.
    if (dim === 'team') for (const key of typed.teamsWithTypedPeople(codes, names)) keys.add(key);
    scopeKeys = [...keys].sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? '') || a - b);
  }

  const rows: KpiRow[] = [];
  for (const key of scopeKeys) {
    const scope: KpiRow['scope'] =
      dim === 'all'
        ? {}
        : { [dim]: key === 0 ? null : (names.get(key) ?? (within ? null : query.scope?.name) ?? null) };
    const sk = scopeKey(scope);
    buckets.forEach((bucket, b) => {
      const bag = bags.get(cellId({ bucket: b, key })) ?? emptyBagFor(kinds, carries);
      const values = new Map<string, ResolvedValue>();
      const valueOf = (code: string): number | null => {
        const known = values.get(code);
        if (known) return known.value;
        values.set(code, { value: null, origin: null }); // guards against re-entry
        const result = resolveValue(code);
        values.set(code, result);
        return result.value;
      };
      const resolveValue = (code: string): ResolvedValue => {
        let computed: number | null = null;
        if (code === 'target_achievement') {
          const t = resolveTarget(targets, 'revenue', sk, bucket, ps, library);
          const revenue = valueOf('revenue');
          computed = revenue === null || !t.spec?.value ? null : revenue / t.spec.value;
        } else if (computedKpis[code]) {
          computed = computedKpis[code].value(bag);
        } else if (customs.has(code)) {
          computed = evaluateFormula(customs.get(code)!.formula, valueOf);
        }
        const setting = kpiSettings.get(code);
        const def = library.get(code)!;
        const rule = setting?.manual_rollup ?? defaultManualRollup(def);
        const wins = Boolean(setting?.manual_wins);
        const typedHere = typedApplies(key);
        const exact = typedHere && !bucket.partial ? manual.get(manualId(code, sk, bucket.label)) : undefined;
        if (exact !== undefined && (wins || computed === null)) return { value: exact, origin: 'manual' };
        const months = monthsOf(bucket, ps);
        let result: ResolvedValue = { value: computed, origin: computed === null ? null : 'computed' };
        if (!months || rule === 'formula') return result;
        // Some months typed: each month shows what it shows on its own (the typed value where it
        // wins or nothing was computed), and the months add up by the KPI's rule.
        if (typedHere && exact === undefined && months.length > 1) {
          const merged = typed.mergeMonths(code, sk, bucket, months, rule);
          if (merged) return merged;
        }
        // A person's typed value counts in their team's and the company's totals, in place of
        // what was computed for that person (sums only: a typed rate has no parts to add).
        if (def.rollup === 'sum' && rule === 'sum' && !within && (dim === 'all' || dim === 'team')) {
          const team = dim === 'team' ? (names.get(key) ?? null) : undefined;
          const delta = typed.peopleDelta(code, team, months, wins);
          if (delta !== null)
            result =
              computed === null
                ? { value: delta, origin: 'manual' }
                : { value: computed + delta, origin: 'computed', includesTyped: true };
        }
        return result;
      };
      for (const code of codes) {
        const def = library.get(code)!;
        const value = valueOf(code);
        const t = resolveTarget(targets, code, sk, bucket, ps, library);
        const banded = t.spec && (t.spec.bandLow != null || t.spec.bandHigh != null);
        const ach = achievement(value, t.spec, banded ? 'band' : def.direction);
        rows.push({
          kpi: code,
          period: asked[b]!.label,
          scope,
          value,
          target: t.spec?.value ?? null,
          achievement: ach,
          // Zero cost against a positive target (lower is better) has no ratio but beats the
          // target: on track, not "no target".
          status: beatsByZero(value, t.spec?.value ?? null, banded ? 'band' : def.direction)
            ? 'green'
            : // Target achievement is itself an achievement: without a target of its own, its
              // status is that of the revenue target it measures.
              code === 'target_achievement' && !t.spec
              ? status(value, settings.amberAt)
              : status(ach, t.spec?.amberAt ?? settings.amberAt),
          origin: values.get(code)!.origin,
          ...(values.get(code)!.includesTyped ? { includesTyped: true } : {}),
          targetOrigin: t.origin,
          allocated:
            allocatedBuckets.has(b) &&
            computedKpis[code]?.kinds.some((k) => k !== 'deals' && k !== 'leads') === true,
          ...(query.explain
            ? {
                parts:
                  values.get(code)!.origin === 'computed' &&
                  !values.get(code)!.includesTyped &&
                  kpiPartsOf[code]
                    ? kpiPartsOf[code](bag)
                    : null,
              }
            : {}),
        });
      }
    });
  }
  const order = new Map(codes.map((c, i) => [c, i]));
  return rows.sort((a, b) => order.get(a.kpi)! - order.get(b.kpi)!);
}

function makeBucketFinder(buckets: Period[]): (day: Day) => number {
  const starts = buckets.map((b) => b.from);
  return (day) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && day <= buckets[found]!.to ? found : -1;
  };
}

/** A scope where the kind applies but nothing was recorded: zero parts (so sum KPIs are "—"). */
function emptyBagFor(kinds: Set<FactKind>, carries: (kind: FactKind) => boolean): MeasureBag {
  const bag: Record<string, Record<string, number | bigint>> = {};
  for (const kind of kinds) {
    if (!carries(kind)) continue;
    bag[kind] = Object.fromEntries(measuresOf[kind].map((m) => [m, moneyMeasures.has(m) ? 0n : 0]));
  }
  return bag as MeasureBag;
}

/**
 * ROMI's attributed revenue: at company level the won revenue of marketing channels; for a
 * source or a campaign its own won revenue (its own spend is the denominator).
 */
function addAttribution(
  db: Database.Database,
  dim: string,
  onlyKey: number | undefined,
  buckets: Period[],
  bucketOf: (d: Day) => number,
  bags: Map<string, MeasureBag>,
  cellId: (c: Cell) => string,
): void {
  if (dim === 'source' || dim === 'campaign') {
    for (const bag of bags.values()) if (bag.deals) bag.attributed_e4 = bag.deals.won_e4;
    for (const bag of bags.values()) if (!bag.deals && bag.spend) bag.attributed_e4 = 0n;
    return;
  }
  if (dim !== 'all' || onlyKey !== undefined) return;
  const marketing = (db.prepare(SQL.marketingSources).pluck().all() as number[]) ?? [];
  const rows = db
    .prepare(SQL.attributed)
    .safeIntegers(true)
    .all({
      from: buckets[0]!.from,
      to: buckets[buckets.length - 1]!.to,
      keys: JSON.stringify(marketing),
    }) as {
    day: bigint;
    won_e4: bigint;
  }[];
  for (let b = 0; b < buckets.length; b++) {
    const bag = bags.get(cellId({ bucket: b, key: 0 }));
    if (bag) bag.attributed_e4 = 0n;
  }
  for (const r of rows) {
    const b = bucketOf(Number(r.day));
    const bag = b < 0 ? undefined : bags.get(cellId({ bucket: b, key: 0 }));
    if (bag) bag.attributed_e4 = (bag.attributed_e4 ?? 0n) + r.won_e4;
  }
}

function rangeAllocation(db: Database.Database, kinds: Set<FactKind>, buckets: Period[]): Set<number> {
  const out = new Set<number>();
  for (const kind of ['spend', 'web', 'social'] as const) {
    if (!kinds.has(kind)) continue;
    if (!(db.prepare(SQL.hasRangeRows(kind)).get() as { x: number }).x) continue;
    const stmt = db.prepare(SQL.straddles(kind));
    buckets.forEach((b, i) => {
      if ((stmt.get({ from: b.from, to: b.to }) as { x: number }).x) out.add(i);
    });
  }
  return out;
}

type ManualIndex = Map<string, number>;
const manualId = (kpi: string, sk: string, period: string) => `${kpi}|${sk}|${period}`;

function loadManual(db: Database.Database): ManualIndex {
  const rows = db.prepare(SQL.manualValues).all() as {
    kpi: string;
    period: string;
    scope_key: string;
    value: number;
  }[];
  return new Map(rows.map((r) => [manualId(r.kpi, r.scope_key, r.period), r.value]));
}

function loadKpiSettings(db: Database.Database) {
  const rows = db.prepare(SQL.kpiSettings).all() as {
    kpi: string;
    manual_wins: number;
    manual_rollup: ManualRollup;
  }[];
  return new Map(rows.map((r) => [r.kpi, r]));
}

export type ManualRollup = 'sum' | 'average' | 'last' | 'formula';

/** Sum-like KPIs add their months up; others take the months' average unless set otherwise. */
export function defaultManualRollup(def: KpiDefinition): ManualRollup {
  if (def.rollup === 'formula') return 'formula';
  return def.rollup === 'sum' ? 'sum' : 'average';
}

type ResolvedValue = { value: number | null; origin: ValueOrigin; includesTyped?: boolean };

/** The months that exactly make up P (P itself for a whole month), or null. */
function monthsOf(p: Period, ps: PeriodSettings): Period[] | null {
  if (p.grain === 'month') return p.partial ? null : [p];
  return wholeMonths(p, ps);
}

const rangeOf = (from: Day, to: Day) => `${isoFromDay(from)}..${isoFromDay(to)}`;

/**
 * Where typed values meet computed ones over more than a month: the engine asks itself the
 * same question month by month and combines the months, so a quarter with one typed month is
 * that month plus the two computed ones — never the typed month alone.
 */
class TypedValues {
  private readonly cache = new Map<string, KpiRow[]>();
  private typedPeople: Map<string, { name: string; team: string | null }[]> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly settings: WorkspaceSettings,
    private readonly query: KpiQuery,
    private readonly manual: ManualIndex,
    private readonly library: Map<string, KpiDefinition>,
  ) {}

  private ask(sub: KpiQuery): KpiRow[] {
    const id = JSON.stringify(sub);
    let rows = this.cache.get(id);
    if (!rows) {
      rows = computeKpis(this.db, this.settings, { ...sub, draft: this.query.draft });
      this.cache.set(id, rows);
    }
    return rows;
  }

  /** P's value from its months, each resolved on its own; null when no typed month shows. */
  mergeMonths(
    code: string,
    sk: string,
    p: Period,
    months: Period[],
    rule: ManualRollup,
  ): ResolvedValue | null {
    if (!months.some((m) => this.manual.has(manualId(code, sk, m.label)))) return null;
    const rows = this.ask({
      kpis: [code],
      period: rangeOf(p.from, p.to),
      grain: 'month',
      by: this.query.by,
      scope: this.query.scope,
    }).filter((r) => scopeKey(r.scope) === sk);
    if (!rows.some((r) => r.origin === 'manual' || r.includesTyped)) return null;
    const shown = rows.filter((r) => r.value !== null).map((r) => r.value!);
    if (shown.length === 0) return { value: null, origin: null };
    const value =
      rule === 'sum'
        ? shown.reduce((a, b) => a + b, 0)
        : rule === 'average'
          ? shown.reduce((a, b) => a + b, 0) / shown.length
          : shown[shown.length - 1]!;
    const allTyped = rows.every((r) => r.value === null || r.origin === 'manual');
    return allTyped ? { value, origin: 'manual' } : { value, origin: 'computed', includesTyped: true };
  }

  /**
   * How much people's typed values change a total over these months: for each person (of the
   * team, or everyone for the company) and month where their typed value shows, the typed value
   * minus what was computed for them. Null when no typed value of a person counts here.
   */
  peopleDelta(code: string, team: string | null | undefined, months: Period[], wins: boolean): number | null {
    const people = (this.typedPeopleOf().get(code) ?? []).filter(
      (p) => team === undefined || (team !== null && p.team?.toLowerCase() === team.toLowerCase()),
    );
    let delta: number | null = null;
    for (const person of people) {
      const sk = scopeKey({ owner: person.name });
      const typedMonths = months.filter((m) => this.manual.has(manualId(code, sk, m.label)));
      if (typedMonths.length === 0) continue;
      const computed = new Map(
        this.ask({
          kpis: [code],
          period: rangeOf(months[0]!.from, months[months.length - 1]!.to),
          grain: 'month',
          scope: { dim: 'owner', name: person.name },
          ignoreTyped: true,
        }).map((r) => [r.period, r.value]),
      );
      for (const m of typedMonths) {
        const underneath = computed.get(m.label) ?? null;
        if (!wins && underneath !== null) continue; // the computed value shows for this person
        delta = (delta ?? 0) + this.manual.get(manualId(code, sk, m.label))! - (underneath ?? 0);
      }
    }
    return delta;
  }

  /** Ids of the teams whose people have typed values of these KPIs. */
  teamsWithTypedPeople(codes: string[], teamNames: Map<number, string>): number[] {
    const byName = new Map([...teamNames].map(([id, name]) => [name.toLowerCase(), id]));
    const out = new Set<number>();
    for (const code of codes) {
      for (const person of this.typedPeopleOf().get(code) ?? []) {
        const id = person.team === null ? undefined : byName.get(person.team.toLowerCase());
        if (id !== undefined) out.add(id);
      }
    }
    return [...out];
  }

  /** People with typed values, per KPI, with their own team. */
  private typedPeopleOf() {
    if (this.typedPeople) return this.typedPeople;
    const teamOf = new Map(
      (this.db.prepare(SQL.peopleTeams).all() as { name: string; team: string | null }[]).map((r) => [
        r.name.toLowerCase(),
        r.team,
      ]),
    );
    const out = new Map<string, Map<string, { name: string; team: string | null }>>();
    for (const id of this.manual.keys()) {
      const [kpi, sk] = id.split('|') as [string, string];
      if (!sk.startsWith('owner=') || !this.library.has(kpi)) continue;
      const name = sk.slice('owner='.length);
      if (!name) continue;
      const list = out.get(kpi) ?? new Map();
      list.set(name.toLowerCase(), { name, team: teamOf.get(name.toLowerCase()) ?? null });
      out.set(kpi, list);
    }
    this.typedPeople = new Map([...out].map(([k, v]) => [k, [...v.values()]]));
    return this.typedPeople;
  }
}

interface TargetRow {
  kpi: string;
  scope_key: string;
  period: string;
  value: number | null;
  band_low: number | null;
  band_high: number | null;
  amber_at: number | null;
}
type TargetIndex = Map<string, TargetRow>;

function loadTargets(db: Database.Database): TargetIndex {
  const rows = db.prepare(SQL.targets).all() as TargetRow[];
  return new Map(rows.map((r) => [manualId(r.kpi, r.scope_key, r.period), r]));
}

function manualScopeKeys(
  manual: ManualIndex,
  targets: TargetIndex,
  dim: string,
  names: Map<number, string>,
): number[] {
  const byName = new Map([...names].map(([id, name]) => [name.toLowerCase(), id]));
  const out = new Set<number>();
  for (const id of [...manual.keys(), ...targets.keys()]) {
    const sk = id.split('|')[1]!;
    if (!sk.startsWith(`${dim}=`)) continue;
    const key = byName.get(sk.slice(dim.length + 1).toLowerCase());
    if (key !== undefined) out.add(key);
  }
  return [...out];
}

const toSpec = (r: TargetRow): TargetSpec => ({
  value: r.value,
  bandLow: r.band_low,
  bandHigh: r.band_high,
  amberAt: r.amber_at,
});

/**
 * The target of a KPI for a scope and period: set explicitly, or for a quarter or a year
 * derived from its months (sum-KPIs add up; ratio KPIs fall back to the months' mean, which
 * is labelled so the UI can say so).
 */
export function resolveTarget(
  targets: TargetIndex,
  kpi: string,
  sk: string,
  p: Period,
  ps: PeriodSettings,
  library: Map<string, KpiDefinition>,
): { spec: TargetSpec | null; origin: TargetOrigin } {
  const exact = p.partial ? undefined : targets.get(manualId(kpi, sk, p.label));
  if (exact) return { spec: toSpec(exact), origin: 'set' };
  const months = wholeMonths(p, ps);
  if (!months || months.length < 2) return { spec: null, origin: null };
  const monthTargets = months.map((m) => targets.get(manualId(kpi, sk, m.label)));
  if (monthTargets.some((t) => t === undefined || t.value === null)) return { spec: null, origin: null };
  const values = monthTargets.map((t) => t!.value!);
  const isSum = library.get(kpi)?.rollup === 'sum';
  const value = isSum ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length;
  const last = monthTargets[monthTargets.length - 1]!;
  return {
    spec: { value, bandLow: last.band_low, bandHigh: last.band_high, amberAt: last.amber_at },
    origin: isSum ? 'months_sum' : 'months_mean',
  };
}
