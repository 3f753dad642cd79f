import { computeKpis, kpiLibrary, periodSettings } from '../kpi/engine.js';
import { questionPeriod } from '../kpi/question-size.js';
import type { Workspace } from '../workspace.js';
import { checkCustomKpi, defineCustomKpi } from '../kpi/custom.js';
import { planMonthlyTargets, setMonthlyTargets } from '../kpi/target-plans.js';
import { listTargets, setTarget } from '../kpi/targets.js';
import { dataRange, scopeNames } from '../kpi/workspace-data.js';
import type { ImportFileOptions } from '../import/pipeline.js';
import { importInProcess } from '../import/run-import.js';
import { presetList } from '../import/detect.js';
import { drilldownExport, factExport, kpiExport, writeExport } from '../export/export.js';
import { userFile } from '../files/user-path.js';
import { dayFromIso, isoFromDay, todayDay } from '../../../shared/kpi/periods.js';
import { kpiDetail } from '../kpi/detail.js';
import { drilldown, drilldownRecords } from '../kpi/drilldown.js';
import { leadFunnel } from '../kpi/funnel.js';
import { listKpiSettings, setKpiSettings } from '../kpi/kpi-settings.js';
import { smartChecks } from '../kpi/smart.js';
import { importHistory, undoImport } from '../import/undo.js';
import type { HandlerContext, Handlers } from './types.js';

/** Runs an import or a preview on its own connection, with progress the UI can poll. */
async function runTracked(
  call: 'import/file' | 'import/preview',
  file: string,
  options: Omit<ImportFileOptions, 'onProgress'>,
  { session, imports }: HandlerContext,
) {
  const ws = session.require();
  session.importProgress = { call, file, bytesRead: 0, totalBytes: 0, rows: 0 };
  const abort = (session.importAbort = new AbortController());
  try {
    return await (imports ?? importInProcess).importFile(
      ws,
      file,
      options,
      (p) => {
        session.importProgress = { call, file, ...p };
      },
      abort.signal,
    );
  } finally {
    session.importProgress = null;
    session.importAbort = null;
  }
}

const todayIso = () => isoFromDay(todayDay());

/** A period asked from a screen or the CLI must lie in the years Kinerja works in (cheap to check). */
function inUse<Q extends { period: string }>(ws: Workspace, q: Q): Q {
  questionPeriod(q.period, periodSettings(ws.settings));
  return q;
}

export const kpiHandlers = {
  'kpi/query': (query, { session, questions }) => {
    const ws = session.require();
    const asked = inUse(ws, query);
    return questions ? questions.ask(ws, ws.settings, 'kpis', asked) : computeKpis(ws.db, ws.settings, asked);
  },
  'kpi/detail': ({ today, ...q }, { session, questions }) => {
    const ws = session.require();
    const asked = { ...inUse(ws, q), today: dayFromIso(today ?? todayIso()) };
    return questions ? questions.ask(ws, ws.settings, 'detail', asked) : kpiDetail(ws.db, ws.settings, asked);
  },
  'kpi/drilldown': (q, { session }) => {
    const ws = session.require();
    return drilldown(ws.db, ws.settings, inUse(ws, q));
  },
  'kpi/funnel': ({ period, by }, { session, questions }) => {
    const ws = session.require();
    const asked = inUse(ws, { period, by });
    return questions
      ? questions.ask(ws, ws.settings, 'funnel', asked)
      : leadFunnel(ws.db, ws.settings, asked.period, asked.by);
  },
  'kpi/settings': ({ kpi, ...patch }, { session }) => setKpiSettings(session.require().db, kpi, patch),
  'kpi/settingsList': (_req, { session }) => listKpiSettings(session.require().db),
  'kpi/defineCustom': (input, { session }) => {
    defineCustomKpi(session.require().db, input);
    return null;
  },
  'kpi/previewCustom': ({ period, ...draft }, { session }) => {
    const ws = session.require();
    checkCustomKpi(ws.db, draft);
    const [row] = computeKpis(ws.db, ws.settings, inUse(ws, { kpis: [draft.code], period, draft }));
    return { period: row!.period, value: row!.value };
  },
  'kpi/smart': ({ today }, { session }) => {
    const ws = session.require();
    return smartChecks(ws.db, ws.settings, dayFromIso(today ?? todayIso()));
  },
  'targets/set': (input, { session }) => {
    const ws = session.require();
    return setTarget(ws.db, ws.settings, input).revision;
  },
  'targets/plan': (input, { session }) => {
    const ws = session.require();
    return planMonthlyTargets(ws.db, ws.settings, input);
  },
  'targets/setMany': ({ kpi, scope, values, reason }, { session }) => {
    const ws = session.require();
    return { saved: setMonthlyTargets(ws.db, ws.settings, { kpi, scope, values, reason: reason ?? null }) };
  },
  'targets/list': ({ year, scope }, { session }) => listTargets(session.require().db, year, scope ?? null),
  'data/range': (_req, { session }) => dataRange(session.require().db),
  'scopes/list': (_req, { session }) => scopeNames(session.require().db),
  'import/file': ({ path, ...options }, context) =>
    runTracked('import/file', userFile(path, context), options, context),
  'import/presets': () => presetList(),
  'import/detect': ({ path, ...options }, context) =>
    (context.imports ?? importInProcess).detect(userFile(path, context), options),
  // A preview is a dry run of the whole file (every problem counted) that keeps its first rows.
  'import/preview': async ({ path, rows, ...options }, context) => {
    const s = await runTracked(
      'import/preview',
      userFile(path, context),
      { ...options, dryRun: true, preview: rows ?? 20 },
      context,
    );
    return { ...s, preview: s.preview ?? [], problems: s.problems ?? [] };
  },
  'import/cancel': (_req, { session, imports }) => {
    // Only a worker can be stopped mid-way; an import in the host's own thread runs to its end.
    if (!session.importAbort || !imports) return { cancelled: false };
    session.importAbort.abort();
    return { cancelled: true };
  },
  'files/pick': ({ purpose }, { pickFile }) => (pickFile ? pickFile(purpose) : null),
  'files/saveAs': ({ purpose, defaultName }, { saveFile }) =>
    saveFile ? saveFile(purpose, defaultName) : null,
  'import/progress': (_req, { session }) => {
    const p = session.importProgress;
    return p && { ...p, waitingWrites: session.writes.state.waiting };
  },
  'export/facts': ({ kind, format, path }, context) => {
    const { session } = context;
    const ws = session.require();
    return writeExport(
      userFile(path, context),
      format,
      factExport(ws.db, kind, ws.settings, session.dbOptions),
    );
  },
  'export/kpis': async ({ format, path, ...query }, context) => {
    const ws = context.session.require();
    const file = userFile(path, context);
    const asked = inUse(ws, query);
    const rows = context.questions
      ? await context.questions.ask(ws, ws.settings, 'kpis', asked)
      : computeKpis(ws.db, ws.settings, asked);
    return writeExport(file, format, kpiExport(rows, kpiLibrary(ws.db), ws.settings));
  },
  'export/drilldown': ({ format, path, ...query }, context) => {
    const ws = context.session.require();
    const file = userFile(path, context, { resolve: true });
    const records = drilldownRecords(ws.db, ws.settings, inUse(ws, query));
    return writeExport(file, format, drilldownExport(records));
  },
  'import/history': (_req, { session }) => importHistory(session.require().db),
  'import/undo': ({ batchId }, { session }) => undoImport(session.require().db, batchId),
} satisfies Partial<Handlers>;
