import type { CallName, Reply } from '../../../shared/contract/api';
import type { ErrorKind } from '../../../shared/contract/errors';
import type { KpiDefinition, Scorecard, SmartCheck } from '../../../shared/contract/schemas';
import { builtInKpiCodes, builtInKpis } from '../../../shared/kpi/catalog';
import {
  checkFormulaReferences,
  evaluateFormula,
  findFormulaCycle,
  FormulaError,
  parseFormula,
  type FormulaNode,
} from '../../../shared/kpi/formula';

/** Custom KPIs the fake core holds, and the day kpi/smart judges when the request names none. */
export interface FakeKpiLibrary {
  customs: KpiDefinition[];
  today: string;
}

export function fakeKpiLibrary(): FakeKpiLibrary {
  return { customs: [], today: '2026-03-15' };
}

/** What the rest of the fake knows, as the SMART check and the preview read it. */
export interface KpiLibraryWorld {
  /** A built-in KPI's value for a month, for the company (no owner) or one person. */
  shown(kpi: string, month: string, owner?: string): number | null;
  /** Months with a typed value for the KPI, for any scope. */
  typedMonths(kpi: string): string[];
  targets: { kpi: string; period: string; scope: string; value: number | null }[];
  scorecards: Scorecard[];
  tracked(kpi: string): boolean;
}

export const catalogOf = (state: FakeKpiLibrary): KpiDefinition[] => [...builtInKpis, ...state.customs];

class Refusal extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

interface Draft {
  code: string;
  name: { id: string; en: string };
  formula: string;
  unit: KpiDefinition['unit'];
  direction: KpiDefinition['direction'];
}

const definitionOf = (d: Draft): KpiDefinition => ({
  code: d.code,
  name: d.name,
  definition: { id: `Rumus: ${d.formula}`, en: `Formula: ${d.formula}` },
  unit: d.unit,
  direction: d.direction,
  rollup: 'formula',
  formula: d.formula,
});

/** The core's checks before a custom KPI is saved or previewed (main/core/kpi/custom), same words. */
function check(state: FakeKpiLibrary, d: Draft): void {
  if (builtInKpiCodes.has(d.code))
    throw new Refusal('conflict', `'${d.code}' is a built-in KPI; choose another code`);
  if (['min', 'max', 'abs', 'if_null'].includes(d.code))
    throw new Refusal('conflict', `'${d.code}' is the name of a formula function; choose another code`);
  let node: FormulaNode;
  try {
    node = parseFormula(d.formula);
    const known = new Set(catalogOf(state).map((k) => k.code));
    checkFormulaReferences(node, (c) => known.has(c) || c === d.code);
  } catch (e) {
    if (e instanceof FormulaError) throw new Refusal('invalid_request', `KPI ${d.code}: ${e.message}`);
    throw e;
  }
  const formulas: Record<string, FormulaNode> = { [d.code]: node };
  for (const c of state.customs) if (c.code !== d.code) formulas[c.code] = parseFormula(c.formula!);
  const cycle = findFormulaCycle(formulas, (c) => builtInKpiCodes.has(c));
  if (cycle)
    throw new Refusal(
      'invalid_request',
      `KPI ${d.code}: formulas refer to each other in a loop: ${cycle.join(' → ')}`,
    );
}

/** A company month's value of any KPI: built-in from the fake's data, custom by its formula. */
function valueOf(
  customs: KpiDefinition[],
  world: KpiLibraryWorld,
  kpi: string,
  month: string,
): number | null {
  const custom = customs.find((c) => c.code === kpi);
  if (!custom) return world.shown(kpi, month);
  return evaluateFormula(parseFormula(custom.formula!), (code) => valueOf(customs, world, code, month));
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthIndex = (label: string) => Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;
const monthLabel = (index: number) => `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;

/** kpi/smart over the fake's data, by the core's rules (main/core/kpi/smart), calendar years only. */
function smartOf(state: FakeKpiLibrary, world: KpiLibraryWorld, today: string): SmartCheck[] {
  const running = monthIndex(today);
  const lastComplete = running - 1;
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  const value = (kpi: string, index: number) =>
    index > lastComplete ? null : valueOf(state.customs, world, kpi, monthLabel(index));
  return catalogOf(state)
    .filter((k) => world.tracked(k.code))
    .map((def) => {
      const kpi = def.code;
      const own = world.targets.filter((t) => t.kpi === kpi);
      const targetScopes = own
        .filter((t) => /^(owner|team)=/.test(t.scope))
        .map((t) => ({ dim: t.scope.split('=')[0] as 'owner' | 'team', name: t.scope.split('=')[1]! }))
        .filter((s, i, all) => all.findIndex((o) => o.dim === s.dim && o.name === s.name) === i);
      const cards = world.scorecards.filter((c) => c.lines.some((l) => l.kpi === kpi));
      const perspectives = cards.flatMap((c) => {
        const p = c.lines.find((l) => l.kpi === kpi)!.perspective;
        return p ? [{ scorecard: c.name, perspective: p }] : [];
      });
      const months = [lastComplete - 2, lastComplete - 1, lastComplete].map(monthLabel);
      const withValue = months.filter(
        (m) => value(kpi, monthIndex(m)) !== null || world.typedMonths(kpi).includes(m),
      );
      const company = own.filter((t) => t.scope === '');
      const periods = [monthLabel(running), quarter, today.slice(0, 4)];
      return {
        kpi,
        specific: {
          met: targetScopes.length > 0 || cards.some((c) => c.assignedTo.length > 0),
          targetScopes,
          scorecards: cards
            .filter((c) => c.assignedTo.length > 0)
            .map((c) => ({ name: c.name, assignedTo: c.assignedTo })),
        },
        measurable: { met: withValue.length > 0, months, withValue },
        achievable: achievable(def, company, running, value),
        relevant: {
          met: perspectives.length > 0,
          perspectives,
          withoutPerspective: cards
            .filter((c) => !perspectives.some((p) => p.scorecard === c.name))
            .map((c) => c.name),
        },
        timeBound: {
          met: company.some((t) => periods.includes(t.period)),
          month: periods[0]!,
          quarter: periods[1]!,
          year: periods[2]!,
          withTarget: periods.filter((p) => company.some((t) => t.period === p)),
        },
      };
    });
}

function achievable(
  def: KpiDefinition,
  company: KpiLibraryWorld['targets'],
  running: number,
  value: (kpi: string, index: number) => number | null,
): SmartCheck['achievable'] {
  const blank = {
    met: null,
    direction: def.direction,
    month: null,
    lastYearMonth: null,
    target: null,
    lastYear: null,
    needed: null,
    best: null,
    bestMonth: null,
  };
  const monthly = company.filter((t) => /^\d{4}-\d{2}$/.test(t.period) && t.value !== null);
  monthly.sort((a, b) => a.period.localeCompare(b.period));
  const pick = monthly.find((t) => monthIndex(t.period) === running) ?? monthly.at(-1);
  if (!pick) return { ...blank, reason: 'no_target' };
  if (def.direction === 'band') return { ...blank, reason: 'band', month: pick.period };
  const m = monthIndex(pick.period);
  const lastYear = value(def.code, m - 12);
  const facts = { month: pick.period, lastYearMonth: monthLabel(m - 12), target: pick.value, lastYear };
  if (lastYear === null || lastYear <= 0) return { ...blank, ...facts, reason: 'no_last_year' };
  let best: { change: number; month: string } | null = null;
  for (let x = m - 12; x < m; x++) {
    const now = value(def.code, x);
    const before = value(def.code, x - 12);
    if (now === null || before === null || before <= 0) continue;
    const change = now / before - 1;
    if (best === null || (def.direction === 'lower' ? change < best.change : change > best.change))
      best = { change, month: monthLabel(x) };
  }
  if (best === null) return { ...blank, ...facts, reason: 'no_history' };
  const needed = pick.value! / lastYear - 1;
  return {
    ...blank,
    ...facts,
    reason: null,
    met: def.direction === 'lower' ? needed >= best.change : needed <= best.change,
    needed,
    best: best.change,
    bestMonth: best.month,
  };
}

/** kpi/defineCustom, kpi/previewCustom and kpi/smart against the fake's data. */
export function handleKpiLibrary(
  state: FakeKpiLibrary,
  world: KpiLibraryWorld,
  name: CallName,
  request: Record<string, unknown>,
): Reply<unknown> {
  try {
    switch (name) {
      case 'kpi/defineCustom': {
        const draft = request as unknown as Draft;
        check(state, draft);
        state.customs = [...state.customs.filter((c) => c.code !== draft.code), definitionOf(draft)].sort(
          (a, b) => a.code.localeCompare(b.code),
        );
        return { ok: true, value: null };
      }
      case 'kpi/previewCustom': {
        const { period, ...draft } = request as unknown as Draft & { period: string };
        check(state, draft);
        const customs = [...state.customs.filter((c) => c.code !== draft.code), definitionOf(draft)];
        return { ok: true, value: { period, value: valueOf(customs, world, draft.code, period) } };
      }
      case 'kpi/smart':
        return {
          ok: true,
          value: smartOf(state, world, (request.today as string | undefined) ?? state.today),
        };
      default:
        return { ok: false, error: { kind: 'not_found', message: `no fake for ${name}` } };
    }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: { kind: e.kind, message: e.message } };
    throw e;
  }
}
