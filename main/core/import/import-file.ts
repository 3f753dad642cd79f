import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { parsePeriod, PeriodError } from '../../../shared/kpi/periods.js';
import { kpiLibrary, periodSettings, scopeDims } from '../kpi/engine.js';
import {
  canonicalFields,
  convertRow,
  type CellProblem,
  type ConvertOptions,
  type ImportKind,
} from './kinds.js';
import { FactWriter } from './writer.js';

export interface ImportOptions extends ConvertOptions {
  kind: ImportKind;
  dryRun?: boolean;
}

export interface ImportSummary {
  batchId: number | null;
  file: string;
  kind: ImportKind;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  duplicatesInFile: number;
  ignoredColumns: string[];
  dryRun: boolean;
}

interface RowProblem extends CellProblem {
  row: number;
}

const MAX_LISTED_PROBLEMS = 50;

function describeProblems(file: string, problems: RowProblem[]): string {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map(
      (p) =>
        `  row ${p.row}, column ${p.column}: ${p.value === '' ? 'empty' : `'${p.value}'`}; expected ${p.expected}`,
    );
  const more =
    problems.length > MAX_LISTED_PROBLEMS ? `\n  … and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
  return `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported\n${lines.join('\n')}${more}`;
}

/** Maps the file's headers to canonical field names (case and spacing do not matter). */
function mapHeaders(
  file: string,
  kind: ImportKind,
  headers: string[],
): { map: (string | null)[]; ignored: string[] } {
  const fields = new Set(canonicalFields[kind]);
  const seen = new Set<string>();
  const ignored: string[] = [];
  const map = headers.map((h) => {
    const name = h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '_');
    if (!fields.has(name)) {
      ignored.push(h);
      return null;
    }
    if (seen.has(name)) throw new KinerjaError('invalid_request', `${file}: the header '${h}' appears twice`);
    seen.add(name);
    return name;
  });
  const required: Record<ImportKind, string[][]> = {
    deals: [['status']],
    leads: [['created_at']],
    spend: [['amount'], ['date', 'date_from']],
    web: [['date', 'date_from']],
    social: [['date', 'date_from']],
    kpi_values: [['kpi'], ['period'], ['value']],
  };
  for (const alternatives of required[kind]) {
    if (!alternatives.some((a) => seen.has(a))) {
      throw new KinerjaError(
        'invalid_request',
        `${file}: no column for '${alternatives.join("' or '")}'; a ${kind} file needs it (columns found: ${headers.join(', ')})`,
      );
    }
  }
  return { map, ignored };
}

/**
 * Imports one canonical CSV file as one batch, all rows or none: every problem is listed
 * with its row and column, and on any problem the transaction is rolled back.
 */
export async function importCsvFile(
  db: Database.Database,
  settings: WorkspaceSettings,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new KinerjaError('not_found', `${abs}: no such file`);
  const parser = fs
    .createReadStream(abs)
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));

  const problems: RowProblem[] = [];
  let headerMap: { map: (string | null)[]; ignored: string[] } | null = null;
  let read = 0;
  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    const batchId = startBatch(db, options.kind, path.basename(abs));
    const writer = options.kind === 'kpi_values' ? null : new FactWriter(db, options.kind, batchId);
    const manual = options.kind === 'kpi_values' ? new ManualValueWriter(db, settings, batchId) : null;
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!headerMap) {
        headerMap = mapHeaders(abs, options.kind, record);
        continue;
      }
      read++;
      const row: Record<string, string> = {};
      headerMap.map.forEach((field, i) => {
        if (field) row[field] = record[i] ?? '';
      });
      const rowNumber = info.lines;
      if (writer) {
        const { fact, problems: p } = convertRow(
          options.kind as Exclude<ImportKind, 'kpi_values'>,
          row,
          options,
        );
        if (p.length) problems.push(...p.map((x) => ({ ...x, row: rowNumber })));
        else if (problems.length === 0) writer.write(fact);
      } else {
        const p = manual!.write(row);
        problems.push(...p.map((x) => ({ ...x, row: rowNumber })));
      }
    }
    if (!headerMap)
      throw new KinerjaError('invalid_request', `${abs}: the file is empty; expected a header row`);
    if (problems.length) throw new KinerjaError('invalid_request', describeProblems(abs, problems));
    writer?.finish();
    const counts = writer?.counts ?? manual!.counts;
    const summary: ImportSummary = {
      batchId: options.dryRun ? null : batchId,
      file: abs,
      kind: options.kind,
      read,
      ...counts,
      rejected: 0,
      duplicatesInFile: writer?.duplicatesInFile ?? 0,
      ignoredColumns: headerMap.ignored,
      dryRun: options.dryRun ?? false,
    };
    db.prepare('UPDATE import_batches SET summary = ? WHERE id = ?').run(JSON.stringify(summary), batchId);
    if (options.dryRun) db.exec('ROLLBACK');
    else db.exec('COMMIT');
    committed = true;
    return summary;
  } catch (e) {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof KinerjaError) throw e;
    const err = e as { code?: string; message?: string; lines?: number };
    if (err.code?.startsWith('CSV_')) {
      throw new KinerjaError('invalid_request', `${abs}: line ${err.lines ?? '?'}: ${err.message}`);
    }
    throw e;
  }
}

export function startBatch(db: Database.Database, kind: ImportKind, fileName: string): number {
  return Number(
    db
      .prepare('INSERT INTO import_batches (kind, file_name, created_at) VALUES (?, ?, ?)')
      .run(kind, fileName, new Date().toISOString()).lastInsertRowid,
  );
}

/**
 * Writes rows that already carry canonical field names (the demo generator's) as one batch,
 * through the same conversion and writer as a file import.
 */
export function importCanonicalRows(
  db: Database.Database,
  kind: Exclude<ImportKind, 'kpi_values'>,
  label: string,
  rows: Iterable<Record<string, string>>,
): { batchId: number; inserted: number; updated: number; unchanged: number } {
  return db.transaction(() => {
    const batchId = startBatch(db, kind, label);
    const writer = new FactWriter(db, kind, batchId);
    let n = 0;
    for (const row of rows) {
      n++;
      const { fact, problems } = convertRow(kind, row);
      if (problems.length) {
        const p = problems[0]!;
        throw new KinerjaError(
          'invalid_request',
          `${label}: row ${n}, column ${p.column}: '${p.value}'; expected ${p.expected}`,
        );
      }
      writer.write(fact);
    }
    writer.finish();
    db.prepare('UPDATE import_batches SET summary = ? WHERE id = ?').run(
      JSON.stringify({ read: n, ...writer.counts }),
      batchId,
    );
    return { batchId, ...writer.counts };
  })();
}

/** Manual KPI values from a file: kpi, period, scope (`owner=Budi Santoso` or empty), value, note. */
export class ManualValueWriter {
  counts = { inserted: 0, updated: 0, unchanged: 0 };
  private readonly library: Set<string>;
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly recordChange: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly settings: WorkspaceSettings,
    private readonly batchId: number,
  ) {
    this.library = new Set(kpiLibrary(db).keys());
    this.select = db.prepare(
      'SELECT rowid AS id, value, note FROM kpi_values WHERE kpi = ? AND period = ? AND scope_key = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO kpi_values (kpi, period, scope_key, value, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kpi, period, scope_key) DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at
       RETURNING rowid AS id`,
    );
    this.recordChange = db.prepare(
      'INSERT OR IGNORE INTO import_changes (batch_id, kind, fact_id, prior) VALUES (?, ?, ?, ?)',
    );
  }
  write(row: Record<string, string>): CellProblem[] {
    const problems: CellProblem[] = [];
    const kpi = row.kpi?.trim() ?? '';
    if (!this.library.has(kpi))
      problems.push({
        column: 'kpi',
        value: kpi,
        expected: 'a KPI code from the KPI library, such as revenue',
      });
    let period = row.period?.trim() ?? '';
    try {
      period = parsePeriod(period, periodSettings(this.settings)).label;
    } catch (e) {
      if (!(e instanceof PeriodError)) throw e;
      problems.push({
        column: 'period',
        value: period,
        expected: 'a period such as 2026-03, 2026-Q1 or 2026',
      });
    }
    const scope = (row.scope ?? '').trim();
    const m = /^(\w+)\s*=\s*(.+)$/.exec(scope);
    if (scope && (!m || !(scopeDims as readonly string[]).includes(m[1]!))) {
      problems.push({
        column: 'scope',
        value: scope,
        expected: `empty (company) or dim=name with dim one of ${scopeDims.join(', ')}`,
      });
    }
    const valueText = (row.value ?? '').trim();
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value))
      problems.push({ column: 'value', value: valueText, expected: 'a number such as 1234.5' });
    if (problems.length) return problems;
    const scopeKey = m ? `${m[1]}=${m[2]!.trim()}` : '';
    const note = row.note?.trim() || null;
    const before = this.select.get(kpi, period, scopeKey) as
      { id: number; value: number; note: string | null } | undefined;
    if (before && before.value === value && before.note === note) {
      this.counts.unchanged++;
      return [];
    }
    const { id } = this.upsert.get(kpi, period, scopeKey, value, note, new Date().toISOString()) as {
      id: number;
    };
    this.recordChange.run(this.batchId, 'kpi_values', id, before ? JSON.stringify(before) : null);
    if (before) this.counts.updated++;
    else this.counts.inserted++;
    return [];
  }
}
