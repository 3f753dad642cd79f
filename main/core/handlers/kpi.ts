import { computeKpis } from '../kpi/engine.js';
import { defineCustomKpi } from '../kpi/custom.js';
import { setTarget } from '../kpi/targets.js';
import { importCsvFile } from '../import/import-file.js';
import type { Handlers } from './types.js';

export const kpiHandlers = {
  'kpi/query': (query, { session }) => {
    const ws = session.require();
    return computeKpis(ws.db, ws.settings, query);
  },
  'kpi/defineCustom': (input, { session }) => {
    defineCustomKpi(session.require().db, input);
    return null;
  },
  'targets/set': (input, { session }) => {
    const ws = session.require();
    return setTarget(ws.db, ws.settings, input).revision;
  },
  'import/file': ({ path, ...options }, { session }) => {
    const ws = session.require();
    return importCsvFile(ws.db, ws.settings, path, options);
  },
} satisfies Partial<Handlers>;
