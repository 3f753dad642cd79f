import type { CallName, Reply } from '../../../shared/contract/api';
import type { Transport } from '../../../shared/contract/client';
import type {
  Dashboard,
  KpiRow,
  ManualValue,
  WorkspaceInfo,
  WorkspaceSettings,
} from '../../../shared/contract/schemas';
import { builtInKpis } from '../../../shared/kpi/catalog';
import { derivedKpis } from '../../../shared/kpi/groups';
import { valueUnitProblem } from '../../../shared/kpi/manual-values';
import { defaultRatingBands } from '../../../shared/contract/schemas';
import { fakeScoring, handleScoring, type FakeScoring } from './fake-scoring';
import { fakeReviews, handleReviews, type FakeReviews } from './fake-reviews';
import { catalogOf, fakeKpiLibrary, handleKpiLibrary, type FakeKpiLibrary } from './fake-kpi-library';

export interface FakeCall {
  name: CallName;
  request: Record<string, unknown>;
}

export interface FakeBackend {
  transport: Transport;
  calls: FakeCall[];
  callsTo(name: CallName): Record<string, unknown>[];
  workspace: WorkspaceInfo | null;
  /** Values typed by hand: the company's, and a person's with their name as `owner`. */
  values: FakeValue[];
  /** Values the core would compute from imported facts, for the company or one person. */
  computed: FakeComputed[];
  /** KPIs whose typed value wins over a computed one (kpi/settings manualWins). */
  manualWins: Set<string>;
  /** Targets set through the fake (company scope and others), newest revision last. */
  targets: FakeTarget[];
  /** KPIs the user stopped tracking. */
  untracked: Set<string>;
  /** Scorecards, team members and KPI results behind the appraisal/* calls. */
  scoring: FakeScoring;
  /** Review sessions, their notes, action items and target adjustments (reviews/*). */
  reviews: FakeReviews;
  /** Custom KPIs (kpi/defineCustom) and the day kpi/smart judges. */
  kpiLibrary: FakeKpiLibrary;
  /** Replace one call's answer, e.g. a dashboard with a null tile or an error reply. */
  override(
    name: CallName,
    answer: (request: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>,
  ): void;
}

export type FakeValue = ManualValue & { owner?: string };

export interface FakeComputed {
  kpi: string;
  period: string;
  owner?: string;
  value: number;
}

/** The people the fake workspace knows (scopes/list). */
export const fakePeople = ['Budi Santoso', 'Sari Dewi'];

export interface FakeTarget {
  kpi: string;
  period: string;
  scope: string;
  value: number | null;
  bandLow?: number | null;
  bandHigh?: number | null;
  amberAt?: number | null;
  revisions: { oldValue: number | null; newValue: number | null; reason: string | null; changedAt: string }[];
}

export function workspaceInfo(settings: Partial<WorkspaceSettings> = {}): WorkspaceInfo {
  return {
    path: '/tmp/acme.kinerja',
    schemaVersion: 1,
    settings: {
      name: 'PT Maju Jaya',
      locale: 'id-ID',
      currency: 'IDR',
      fiscalYearStartMonth: 1,
      weekStart: 'monday',
      amberAt: 0.9,
      ratingBands: defaultRatingBands,
      accentColor: '#1d4ed8',
      logo: null,
      backupKeepDaily: 7,
      ...settings,
    },
  };
}

const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
const fail = (
  kind: 'no_workspace' | 'workspace_invalid' | 'not_found' | 'invalid_request',
  message: string,
): Reply<unknown> => ({
  ok: false,
  error: { kind, message },
});

class FakeRefusal extends Error {
  constructor(
    readonly kind: 'invalid_request' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** The person a values/* request is for (undefined: the company), refusing names not known. */
function ownerOf(request: Record<string, unknown>, mustBeKnown: boolean): string | undefined {
  const owner = (request.scope as { owner?: string } | undefined)?.owner;
  if (owner === undefined) return undefined;
  const known = fakePeople.find((p) => p.toLowerCase() === owner.trim().toLowerCase());
  if (known) return known;
  if (!mustBeKnown) return owner.trim();
  throw new FakeRefusal(
    'invalid_request',
    `Unknown owner '${owner}'; did you mean ${fakePeople.map((p) => `'${p}'`).join(', ')}? (${fakePeople.length} known)`,
  );
}

/** The core's check of a typed value (main/core/kpi/manual-values), in the same words. */
function checkTyped(kpi: string, period: string, value: number): void {
  const def = builtInKpis.find((k) => k.code === kpi);
  if (!def) throw new FakeRefusal('not_found', `Unknown KPI '${kpi}'; see the KPI library for the codes`);
  if (derivedKpis[kpi])
    throw new FakeRefusal(
      'invalid_request',
      `${kpi} ${period}: kpi '${kpi}'; expected a KPI entered by hand; ${kpi} is computed from ${derivedKpis[kpi]}`,
    );
  const problem = valueUnitProblem(def.unit, value);
  if (problem)
    throw new FakeRefusal('invalid_request', `${kpi} ${period}: value '${value}'; expected ${problem}`);
}

const sameCell = (a: { kpi: string; period: string; owner?: string }, b: typeof a) =>
  a.kpi === b.kpi && a.period === b.period && a.owner === b.owner;

/** An in-memory stand-in for the core, speaking the same contract as the real transports. */
export function fakeBackend(
  initial: WorkspaceInfo | null = workspaceInfo(),
  values: FakeValue[] = [],
): FakeBackend {
  const overrides = new Map<
    CallName,
    (request: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>
  >();
  const backend: FakeBackend = {
    calls: [],
    workspace: initial,
    values: [...values],
    computed: [],
    manualWins: new Set(),
    targets: [],
    untracked: new Set(),
    scoring: fakeScoring(),
    reviews: fakeReviews(),
    kpiLibrary: fakeKpiLibrary(),
    callsTo: (name) => backend.calls.filter((c) => c.name === name).map((c) => c.request),
    override: (name, answer) => void overrides.set(name, answer),
    transport: async (name, raw) => {
      const request = (raw ?? {}) as Record<string, unknown>;
      backend.calls.push({ name, request });
      const answer = overrides.get(name);
      if (answer) return answer(request);
      try {
        return handle(name, request);
      } catch (e) {
        if (e instanceof FakeRefusal) return fail(e.kind, e.message);
        throw e;
      }
    },
  };

  /** What a month of a KPI shows for a scope, as the engine decides it (DESIGN §5). */
  function shownOf(kpi: string, period: string, owner: string | undefined) {
    const typed = backend.values.find((v) => sameCell(v, { kpi, period, owner }));
    const computed = backend.computed.find((c) => sameCell(c, { kpi, period, owner }));
    if (typed && (!computed || backend.manualWins.has(kpi)))
      return { value: typed.value, origin: 'manual' as const };
    return computed ? { value: computed.value, origin: 'computed' as const } : { value: null, origin: null };
  }

  function store(
    owner: string | undefined,
    request: Record<string, unknown>,
    updatedAt = '2026-03-31T10:00:00.000Z',
  ) {
    const row: FakeValue = {
      kpi: request.kpi as string,
      period: request.period as string,
      value: request.value as number,
      note: (request.note as string | null | undefined) ?? null,
      updatedAt,
      ...(owner === undefined ? {} : { owner }),
    };
    backend.values = [...backend.values.filter((v) => !sameCell(v, row)), row];
    const { owner: _owner, ...saved } = row;
    const shown = shownOf(row.kpi, row.period, owner);
    return { ...saved, inEffect: shown.origin === 'manual', shownValue: shown.value };
  }

  function handle(name: CallName, request: Record<string, unknown>): Reply<unknown> {
    switch (name) {
      case 'workspace/current':
        return ok(backend.workspace);
      case 'workspace/create':
        backend.workspace = workspaceInfo({
          name: (request.name as string | undefined) ?? 'Ruang kerja baru',
          locale: (request.locale as 'id-ID' | 'en-US' | undefined) ?? 'id-ID',
        });
        backend.workspace.path = request.path as string;
        return ok(backend.workspace);
      case 'workspace/open':
        return fail('workspace_invalid', `${String(request.path)}: not a Kinerja workspace`);
      case 'workspace/close':
        backend.workspace = null;
        return ok(null);
      case 'kpi/catalog':
        return ok(catalogOf(backend.kpiLibrary));
      default:
        break;
    }
    const ws = backend.workspace;
    if (!ws) return fail('no_workspace', 'No workspace is open: create or open one first');
    switch (name) {
      case 'settings/update':
        ws.settings = { ...ws.settings, ...request };
        return ok(ws);
      case 'values/set': {
        checkTyped(request.kpi as string, request.period as string, request.value as number);
        return ok(store(ownerOf(request, true), request));
      }
      case 'values/setMany': {
        const owner = ownerOf(request, true);
        const values = request.values as Record<string, unknown>[];
        // All or nothing: every value is checked before any is kept.
        values.forEach((v, i) => {
          checkTyped(v.kpi as string, v.period as string, v.value as number);
          const twice = values.findIndex((w) => w.kpi === v.kpi && w.period === v.period);
          if (twice !== i)
            throw new FakeRefusal(
              'invalid_request',
              `${String(v.kpi)} ${String(v.period)} is given twice (values ${twice + 1} and ${i + 1})`,
            );
        });
        return ok(values.map((v) => store(owner, v)));
      }
      case 'values/delete': {
        const cell = {
          kpi: request.kpi as string,
          period: request.period as string,
          owner: ownerOf(request, false),
        };
        const before = backend.values.length;
        backend.values = backend.values.filter((v) => !sameCell(v, cell));
        return before === backend.values.length ? fail('not_found', 'no such value') : ok(null);
      }
      case 'values/list': {
        const owner = ownerOf(request, false);
        return ok(
          backend.values
            .filter((v) => v.owner === owner && (!request.kpi || v.kpi === request.kpi))
            .map(({ owner: _owner, ...v }) => v),
        );
      }
      case 'dashboard/get':
        return ok(
          dashboardOf(
            backend.values.filter((v) => v.owner === undefined),
            request.year as number,
          ),
        );
      case 'data/range': {
        const months = backend.values.map((v) => v.period).sort();
        if (!months.length) return ok({ first: null, last: null });
        const [y, m] = months.at(-1)!.split('-').map(Number) as [number, number];
        return ok({ first: `${months[0]}-01`, last: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) });
      }
      case 'scopes/list':
        return ok({
          owner: fakePeople,
          team: ['Tim Jakarta'],
          source: [],
          campaign: [],
          platform: [],
        });
      case 'kpi/query':
        // Per-person rows need facts the fake does not hold: none.
        return ok(request.by ? [] : kpiRowsOf(backend, request, shownOf));
      case 'kpi/funnel':
        return ok([]);
      case 'kpi/settingsList':
        return ok(
          catalogOf(backend.kpiLibrary).map((k) => ({
            kpi: k.code,
            manualWins: backend.manualWins.has(k.code),
            manualRollup: 'sum',
            tracked: !backend.untracked.has(k.code),
          })),
        );
      case 'kpi/settings':
        if (request.tracked === false) backend.untracked.add(request.kpi as string);
        if (request.tracked === true) backend.untracked.delete(request.kpi as string);
        if (request.manualWins === true) backend.manualWins.add(request.kpi as string);
        if (request.manualWins === false) backend.manualWins.delete(request.kpi as string);
        return ok({
          manualWins: backend.manualWins.has(request.kpi as string),
          manualRollup: 'sum',
          tracked: !backend.untracked.has(request.kpi as string),
        });
      case 'targets/list': {
        const scope = scopeKeyOf(request.scope);
        return ok(
          backend.targets
            .filter((x) => x.scope === scope && x.period.startsWith(String(request.year)))
            .map((x) => ({
              ...x,
              bandLow: x.bandLow ?? null,
              bandHigh: x.bandHigh ?? null,
              amberAt: x.amberAt ?? null,
              updatedAt: '2026-03-31T10:00:00.000Z',
            })),
        );
      }
      case 'targets/set': {
        const scope = scopeKeyOf(request.scope);
        const value = (request.value as number | null | undefined) ?? null;
        let target = backend.targets.find(
          (x) => x.kpi === request.kpi && x.period === request.period && x.scope === scope,
        );
        if (!target) {
          target = {
            kpi: request.kpi as string,
            period: request.period as string,
            scope,
            value: null,
            revisions: [],
          };
          backend.targets.push(target);
        }
        const revision = {
          oldValue: target.value,
          newValue: value,
          reason: (request.reason as string | null | undefined) ?? null,
          changedAt: '2026-03-31T10:00:00.000Z',
        };
        target.value = value;
        target.bandLow = (request.bandLow as number | null | undefined) ?? null;
        target.bandHigh = (request.bandHigh as number | null | undefined) ?? null;
        target.amberAt = (request.amberAt as number | null | undefined) ?? null;
        target.revisions.push(revision);
        return ok(revision);
      }
      case 'kpi/defineCustom':
      case 'kpi/previewCustom':
      case 'kpi/smart':
        return handleKpiLibrary(
          backend.kpiLibrary,
          {
            shown: (kpi, month, owner) => shownOf(kpi, month, owner).value,
            typedMonths: (kpi) => backend.values.filter((v) => v.kpi === kpi).map((v) => v.period),
            targets: backend.targets,
            scorecards: backend.scoring.scorecards,
            tracked: (kpi) => !backend.untracked.has(kpi),
          },
          name,
          request,
        );
      case 'scorecards/list':
      case 'scorecards/save':
      case 'scorecards/delete':
      case 'appraisal/get':
      case 'appraisal/comment':
      case 'appraisal/sign':
      case 'appraisal/team':
        return handleScoring(backend.scoring, name, request, ws.settings.ratingBands);
      case 'reviews/list':
      case 'reviews/create':
      case 'reviews/get':
      case 'reviews/note':
      case 'reviews/addAction':
      case 'reviews/updateAction':
      case 'reviews/adjustTarget':
      case 'reviews/close':
      case 'reviews/delete':
        return handleReviews(
          backend.reviews,
          {
            rows: (query) => kpiRowsOf(backend, query, shownOf) as KpiRow[],
            tracked: () => builtInKpis.filter((k) => !backend.untracked.has(k.code)).map((k) => k.code),
            setTarget: (target) =>
              (handle('targets/set', target) as { value: FakeTarget['revisions'][number] }).value,
          },
          name,
          request,
        );
      case 'targets/plan': {
        // The engine's even split (twelfths adding up exactly) and last year + x% over the
        // fake's company values; seasonality is the engine's alone.
        const year = request.year as number;
        const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
        const lastYearOf = (m: string) =>
          backend.values.find((v) => v.kpi === request.kpi && v.period === `${year - 1}${m.slice(4)}`)
            ?.value ?? null;
        if (request.method === 'lastYear') {
          const growth = request.growth as number;
          const missing = months.filter((m) => lastYearOf(m) === null);
          if (missing.length) return fail('invalid_request', `needs each month of ${year - 1}`);
          return ok(
            months.map((m) => ({
              period: m,
              value: lastYearOf(m)! * (1 + growth),
              lastYear: lastYearOf(m),
              basePeriod: `${year - 1}${m.slice(4)}`,
            })),
          );
        }
        const total = request.value as number;
        const summed = builtInKpis.find((k) => k.code === request.kpi)?.rollup === 'sum';
        const base = Math.floor(total / 12);
        const left = total - base * 12;
        return ok(
          months.map((m, i) => ({
            period: m,
            value: summed ? base + (i < left ? 1 : 0) : total,
            lastYear: lastYearOf(m),
            basePeriod: lastYearOf(m) === null ? null : `${year - 1}${m.slice(4)}`,
          })),
        );
      }
      case 'targets/setMany': {
        for (const v of request.values as { period: string; value: number }[]) {
          handle('targets/set', {
            kpi: request.kpi,
            scope: request.scope,
            period: v.period,
            value: v.value,
            reason: request.reason,
          });
        }
        return ok({ saved: (request.values as unknown[]).length });
      }
      default:
        return fail('not_found', `no fake for ${name}`);
    }
  }
  return backend;
}

function dashboardOf(values: ManualValue[], year: number): Dashboard {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const inYear = values.filter((v) => v.period.startsWith(`${year}-`));
  const kpis = builtInKpis.filter((k) => inYear.some((v) => v.kpi === k.code));
  const valueOf = (kpi: string, period: string | undefined) =>
    inYear.find((v) => v.kpi === kpi && v.period === period)?.value ?? null;
  return {
    year,
    tiles: kpis.map((k) => {
      const latest = months.filter((m) => valueOf(k.code, m) !== null).at(-1)!;
      return {
        kpi: k.code,
        period: latest,
        value: valueOf(k.code, latest),
        previous: valueOf(k.code, months[months.indexOf(latest) - 1]),
      };
    }),
    series: kpis.map((k) => ({
      kpi: k.code,
      points: months.map((period) => ({ period, value: valueOf(k.code, period) })),
    })),
  };
}

const scopeKeyOf = (scope: unknown) => {
  const s = scope as { dim: string; name: string } | null | undefined;
  return s ? `${s.dim}=${s.name}` : '';
};

/** The months a period label covers (month, quarter or year), for the fake's sums. */
function monthsOf(period: string): string[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (/^\d{4}-\d{2}$/.test(period)) return [period];
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return [1, 2, 3].map((i) => `${q[1]}-${pad((Number(q[2]) - 1) * 3 + i)}`);
  if (/^\d{4}$/.test(period)) return Array.from({ length: 12 }, (_, i) => `${period}-${pad(i + 1)}`);
  // A range of whole months (a fiscal year's chart asks for its twelve months this way).
  const r = /^(\d{4})-(\d{2})-01\.\.(\d{4})-(\d{2})-\d{2}$/.exec(period);
  if (r) {
    const months: string[] = [];
    for (let i = Number(r[1]) * 12 + Number(r[2]) - 1; i <= Number(r[3]) * 12 + Number(r[4]) - 1; i++) {
      months.push(`${Math.floor(i / 12)}-${pad((i % 12) + 1)}`);
    }
    return months;
  }
  return [];
}

/**
 * kpi/query over the fake's manual values (company scope): a month is its value; a quarter or
 * a year sums the months of a summed KPI and has no value for others. Targets are the fake's
 * own, with the engine's status rule (achievement ≥ 100% green, ≥ 90% amber, else red).
 */
function kpiRowsOf(
  backend: FakeBackend,
  request: Record<string, unknown>,
  shownOf: (
    kpi: string,
    period: string,
    owner: string | undefined,
  ) => { value: number | null; origin: 'manual' | 'computed' | null },
) {
  const period = request.period as string;
  const scope = scopeKeyOf(request.scope);
  const asked = request.scope as { dim: string; name: string } | undefined;
  const periods = request.grain === 'month' ? monthsOf(period) : [period];
  const kpis = (request.kpis as string[] | undefined) ?? builtInKpis.map((k) => k.code);
  return periods.flatMap((p) =>
    kpis.map((kpi) => {
      const def = builtInKpis.find((k) => k.code === kpi);
      const months = monthsOf(p);
      // The fake holds values for the company and for people; other scopes have none.
      const found =
        asked && asked.dim !== 'owner'
          ? []
          : months.map((m) => shownOf(kpi, m, asked?.name)).filter((s) => s.value !== null);
      const value =
        found.length === 0
          ? null
          : months.length === 1
            ? found[0]!.value
            : def?.rollup === 'sum'
              ? found.reduce((a, v) => a + v.value!, 0)
              : null;
      const target =
        backend.targets.find((x) => x.kpi === kpi && x.period === p && x.scope === scope)?.value ?? null;
      const achievement =
        value !== null && target ? (def?.direction === 'lower' ? target / value : value / target) : null;
      const status =
        achievement === null ? 'grey' : achievement >= 1 ? 'green' : achievement >= 0.9 ? 'amber' : 'red';
      return {
        kpi,
        period: p,
        scope: scope ? { [scope.split('=')[0]!]: scope.split('=')[1]! } : {},
        value,
        target,
        achievement,
        status,
        origin: value === null ? null : found.some((f) => f.origin === 'manual') ? 'manual' : 'computed',
        targetOrigin: target === null ? null : 'set',
        allocated: false,
      };
    }),
  );
}
