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
  /** Replace one call's answer, e.g. a dashboard with a null tile or an error reply. */
  override(
    name: CallName,
    answer: (request: Record<string, unknown>) => Reply<unknown> | Promise<Reply<unknown>>,
  ): void;
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
        return ok(row);
      }
      case 'values/list':
        return ok(backend.values.filter((v) => !request.kpi || v.kpi === request.kpi));
      case 'dashboard/get':
        return ok(dashboardOf(backend.values, request.year as number));
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
