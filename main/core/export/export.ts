import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { scopeKey, type KpiRow } from '../kpi/engine.js';
import { writeXlsx } from '../import/spreadsheet/index.js';
import { neutraliseCell } from './neutralise.js';

export type ExportFormat = 'csv' | 'xlsx';
export type FactExportKind = 'deals' | 'leads' | 'spend' | 'web' | 'social' | 'kpi_values';

/** Facts as users know them: canonical column names, names instead of ids, ISO dates. */
const exportQueries: Record<FactExportKind, string> = {
  deals: `SELECT t.external_id, t.title, p.name AS owner, tm.name AS team, t.account, s.name AS source,
      c.name AS campaign, t.stage, t.status, t.amount_e4 / 10000.0 AS amount, t.currency,
      t.created_day AS created_at, t.closed_day AS closed_at, t.lead_external_id
    FROM deals t LEFT JOIN people p ON p.id = t.owner_id LEFT JOIN teams tm ON tm.id = t.team_id
      LEFT JOIN sources s ON s.id = t.source_id LEFT JOIN campaigns c ON c.id = t.campaign_id ORDER BY t.id`,
  leads: `SELECT t.external_id, t.created_day AS created_at, p.name AS owner, s.name AS source, c.name AS campaign,
      t.status, t.mql_day AS mql_at, t.sql_day AS sql_at, t.converted_day AS converted_at, t.deal_external_id,
      t.disqualified_reason, t.quality
    FROM leads t LEFT JOIN people p ON p.id = t.owner_id LEFT JOIN sources s ON s.id = t.source_id
      LEFT JOIN campaigns c ON c.id = t.campaign_id ORDER BY t.id`,
  spend: `SELECT t.external_id, t.day_from AS date_from, t.day_to AS date_to, s.name AS source, c.name AS campaign,
      t.kind, t.amount_e4 / 10000.0 AS amount
    FROM spend t LEFT JOIN sources s ON s.id = t.source_id LEFT JOIN campaigns c ON c.id = t.campaign_id ORDER BY t.id`,
  web: `SELECT t.external_id, t.day_from AS date_from, t.day_to AS date_to, s.name AS source, t.sessions, t.users,
      t.new_users, t.engaged_sessions, t.bounces, t.total_duration_s, t.conversions
    FROM web t LEFT JOIN sources s ON s.id = t.source_id ORDER BY t.id`,
  social: `SELECT t.external_id, t.day_from AS date_from, t.day_to AS date_to, pl.name AS platform, t.impressions,
      t.reach, t.engagements, t.clicks, t.followers, t.conversions
    FROM social t LEFT JOIN platforms pl ON pl.id = t.platform_id ORDER BY t.id`,
  kpi_values: `SELECT kpi, period, scope_key AS scope, value, note FROM kpi_values ORDER BY kpi, period, scope_key`,
};

const dateColumns = new Set([
  'created_at',
  'closed_at',
  'mql_at',
  'sql_at',
  'converted_at',
  'date_from',
  'date_to',
]);

/** Rows of a fact table ready to write: header first, then neutralised cells. */
export function* factExportRows(
  db: Database.Database,
  kind: FactExportKind,
): Generator<(string | number | null)[]> {
  const stmt = db.prepare(exportQueries[kind]);
  const columns = stmt.columns().map((c) => c.name);
  yield columns;
  for (const row of stmt.iterate() as Iterable<Record<string, string | number | null>>) {
    yield columns.map((c) => {
      const v = row[c] ?? null;
      return neutraliseCell(dateColumns.has(c) && typeof v === 'number' ? isoFromDay(v) : v);
    });
  }
}

export function* kpiExportRows(rows: KpiRow[]): Generator<(string | number | null)[]> {
  yield ['kpi', 'period', 'scope', 'value', 'target', 'achievement', 'status'];
  for (const r of rows) {
    yield [r.kpi, r.period, scopeKey(r.scope), r.value, r.target, r.achievement, r.status].map((v) =>
      neutraliseCell(v),
    );
  }
}

/** Writes rows as CSV (UTF-8 with BOM so Excel reads Rupiah names right) without holding them all. */
export async function writeCsv(file: string, rows: Iterable<(string | number | null)[]>): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('\uFEFF');
  const csv = stringify({ cast: { number: (n) => String(n) } });
  csv.pipe(out);
  for (const row of rows) {
    if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
  }
  csv.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
}

export async function writeExport(
  file: string,
  format: ExportFormat,
  rows: Iterable<(string | number | null)[]>,
  sheetName: string,
): Promise<{ file: string }> {
  const out = path.resolve(file);
  if (fs.existsSync(out))
    throw new KinerjaError('conflict', `${out}: a file with this name already exists; choose another name`);
  if (format === 'csv') await writeCsv(out, rows);
  else await writeXlsx(out, [{ name: sheetName, rows: [...rows] }]);
  return { file: out };
}
