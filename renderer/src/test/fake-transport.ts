import type { CallName, Reply } from '../../../shared/contract/api';
import type { Transport } from '../../../shared/contract/client';
import type {
  Dashboard,
  ManualValue,
  WorkspaceInfo,
  WorkspaceSettings,
} from '../../../shared/contract/schemas';
import { builtInKpis } from '../../../shared/kpi/catalog';

export interface FakeCall {
  name: CallName;
  request: Record<string, unknown>;
}

export interface FakeBackend {
  transport: Transport;
  calls: FakeCall[];
  callsTo(name: CallName): Record<string, unknown>[];
  workspace: WorkspaceInfo | null;
  values: ManualValue[];
  /** Targets set through the fake (company scope and others), newest revision last. */
  targets: FakeTarget[];
  /** KPIs the user stopped tracking. */
  untracked: Set<string>;
  /** Replace one call's answer, e.g. a dashboard with a null tile or an error reply. */
  override(
    name: CallName,
    answer: (request: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>,
  ): void;
}

export interface FakeTarget {
  kpi: string;
  period: string;
  scope: string;
  value: number | null;
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
      ...settings,
    },
  };
}

const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
const fail = (kind: 'no_workspace' | 'workspace_invalid' | 'not_found', message: string): Reply<unknown> => ({
  ok: false,
  error: { kind, message },
});

/** An in-memory stand-in for the core, speaking the same contract as the real transports. */
export function fakeBackend(
  initial: WorkspaceInfo | null = workspaceInfo(),
  values: ManualValue[] = [],
): FakeBackend {
  const overrides = new Map<
    CallName,
    (request: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>
  >();
  const backend: FakeBackend = {
    calls: [],
    workspace: initial,
    values: [...values],
    targets: [],
    untracked: new Set(),
    callsTo: (name) => backend.calls.filter((c) => c.name === name).map((c) => c.request),
    override: (name, answer) => void overrides.set(name, answer),
    transport: async (name, raw) => {
      const request = (raw ?? {}) as Record<string, unknown>;
      backend.calls.push({ name, request });
      const answer = overrides.get(name);
      if (answer) return answer(request);
      return handle(name, request);
    },
  };

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
        return ok(builtInKpis);
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
        const row: ManualValue = {
          kpi: request.kpi as string,
          period: request.period as string,
          value: request.value as number,
          note: (request.note as string | null | undefined) ?? null,
          updatedAt: '2026-03-31T10:00:00.000Z',
        };
        backend.values = [...backend.values.filter((v) => v.kpi !== row.kpi || v.period !== row.period), row];
        return ok({ ...row, inEffect: true, shownValue: row.value });
      }
      case 'values/delete': {
        const before = backend.values.length;
        backend.values = backend.values.filter((v) => v.kpi !== request.kpi || v.period !== request.period);
        return before === backend.values.length ? fail('not_found', 'no such value') : ok(null);
      }
      case 'values/list':
        return ok(backend.values.filter((v) => !request.kpi || v.kpi === request.kpi));
      case 'dashboard/get':
        return ok(dashboardOf(backend.values, request.year as number));
      case 'data/range': {
        const months = backend.values.map((v) => v.period).sort();
        if (!months.length) return ok({ first: null, last: null });
        const [y, m] = months.at(-1)!.split('-').map(Number) as [number, number];
        return ok({ first: `${months[0]}-01`, last: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) });
      }
      case 'scopes/list':
        return ok({
          owner: ['Budi Santoso', 'Sari Dewi'],
          team: ['Tim Jakarta'],
          source: [],
          campaign: [],
          platform: [],
        });
      case 'kpi/query':
        // Per-person rows need facts the fake does not hold: none.
        return ok(request.by ? [] : kpiRowsOf(backend, request));
      case 'kpi/funnel':
        return ok([]);
      case 'kpi/settingsList':
        return ok(
          builtInKpis.map((k) => ({
            kpi: k.code,
            manualWins: false,
            manualRollup: 'sum',
            tracked: !backend.untracked.has(k.code),
          })),
        );
      case 'kpi/settings':
        if (request.tracked === false) backend.untracked.add(request.kpi as string);
        if (request.tracked === true) backend.untracked.delete(request.kpi as string);
        return ok({
          manualWins: Boolean(request.manualWins),
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
              bandLow: null,
              bandHigh: null,
              amberAt: null,
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
        target.revisions.push(revision);
        return ok(revision);
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
  return [];
}

/**
 * kpi/query over the fake's manual values (company scope): a month is its value; a quarter or
 * a year sums the months of a summed KPI and has no value for others. Targets are the fake's
 * own, with the engine's status rule (achievement ≥ 100% green, ≥ 90% amber, else red).
 */
function kpiRowsOf(backend: FakeBackend, request: Record<string, unknown>) {
  const period = request.period as string;
  const scope = scopeKeyOf(request.scope);
  const periods = request.grain === 'month' ? monthsOf(period) : [period];
  const kpis = (request.kpis as string[] | undefined) ?? builtInKpis.map((k) => k.code);
  return periods.flatMap((p) =>
    kpis.map((kpi) => {
      const def = builtInKpis.find((k) => k.code === kpi);
      const months = monthsOf(p);
      const found = scope ? [] : backend.values.filter((v) => v.kpi === kpi && months.includes(v.period));
      const value =
        found.length === 0
          ? null
          : months.length === 1
            ? found[0]!.value
            : def?.rollup === 'sum'
              ? found.reduce((a, v) => a + v.value, 0)
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
        origin: value === null ? null : 'manual',
        targetOrigin: target === null ? null : 'set',
        allocated: false,
      };
    }),
  );
}
