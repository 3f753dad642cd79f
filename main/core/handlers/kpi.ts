import { computeKpis } from '../kpi/engine.js';
import { defineCustomKpi } from '../kpi/custom.js';
import { setTarget } from '../kpi/targets.js';
import { importFile } from '../import/pipeline.js';
import { importInProcess } from '../import/run-import.js';
import { detectImport, presetList } from '../import/detect.js';
import { factExportRows, kpiExportRows, writeExport } from '../export/export.js';
import { dayFromIso, isoFromDay, todayDay } from '../../../shared/kpi/periods.js';
import { kpiDetail } from '../kpi/detail.js';
import { drilldown } from '../kpi/drilldown.js';
import { leadFunnel } from '../kpi/funnel.js';
import { setKpiSettings } from '../kpi/kpi-settings.js';
import { importHistory, undoImport } from '../import/undo.js';
import type { Handlers } from './types.js';

const todayIso = () => isoFromDay(todayDay());

export const kpiHandlers = {
  'kpi/query': (query, { session }) => {
    const ws = session.require();
    return computeKpis(ws.db, ws.settings, query);
  },
  'kpi/detail': ({ today, ...q }, { session }) => {
    const ws = session.require();
    return kpiDetail(ws.db, ws.settings, { ...q, today: dayFromIso(today ?? todayIso()) });
  },
  'kpi/drilldown': (q, { session }) => {
    const ws = session.require();
    return drilldown(ws.db, ws.settings, q);
  },
  'kpi/funnel': ({ period, by }, { session }) => {
    const ws = session.require();
    return leadFunnel(ws.db, ws.settings, period, by);
  },
  'kpi/settings': ({ kpi, ...patch }, { session }) => setKpiSettings(session.require().db, kpi, patch),
  'kpi/defineCustom': (input, { session }) => {
    defineCustomKpi(session.require().db, input);
    return null;
  },
  'targets/set': (input, { session }) => {
    const ws = session.require();
    return setTarget(ws.db, ws.settings, input).revision;
  },
  'import/file': async ({ path, ...options }, { session, runImport }) => {
    const ws = session.require();
    session.importProgress = { bytesRead: 0, totalBytes: 0, rows: 0 };
    try {
      return await (runImport ?? importInProcess)(ws, path, options, (p) => (session.importProgress = p));
    } finally {
      session.importProgress = null;
    }
  },
  'import/presets': () => presetList(),
  'import/detect': ({ path, ...options }) => detectImport(path, options),
  'import/preview': async ({ path, rows, ...options }, { session }) => {
    const ws = session.require();
    const s = await importFile(ws.db, ws.settings, path, { ...options, dryRun: true, preview: rows ?? 20 });
    return { ...s, preview: s.preview ?? [], problems: s.problems ?? [] };
  },
  'import/progress': (_req, { session }) => session.importProgress,
  'export/facts': ({ kind, format, path }, { session }) =>
    writeExport(path, format, factExportRows(session.require().db, kind), kind),
  'export/kpis': ({ format, path, ...query }, { session }) => {
    const ws = session.require();
    return writeExport(path, format, kpiExportRows(computeKpis(ws.db, ws.settings, query)), 'KPI');
  },
  'import/history': (_req, { session }) => importHistory(session.require().db),
  'import/undo': ({ batchId }, { session }) => undoImport(session.require().db, batchId),
} satisfies Partial<Handlers>;
