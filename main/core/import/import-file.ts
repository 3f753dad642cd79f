import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { clipText } from '../../../shared/format/brief.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { parsePeriod, PeriodError } from '../../../shared/kpi/periods.js';
import { kpiLibrary, periodSettings, scopeDims } from '../kpi/engine.js';
import { convertRow, type CellProblem, type ImportKind } from './kinds.js';
import { parseScope } from '../kpi/targets.js';
import { FactWriter } from './writer.js';
import { parseNumber } from './values.js';
import { manualValueProblem } from '../kpi/manual-values.js';

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
          `${label}: row ${n}, column ${p.column}: '${clipText(p.value)}'; expected ${p.expected}`,
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
  private readonly library: ReturnType<typeof kpiLibrary>;
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly recordChange: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly settings: WorkspaceSettings,
    private readonly batchId: number,
  ) {
    this.library = kpiLibrary(db);
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
    const scopeText = (row.scope ?? '').trim();
    let scopeKey = '';
    try {
      const scope = parseScope(scopeText);
      if (scope) scopeKey = `${scope.dim}=${scope.name}`;
    } catch {
      problems.push({
        column: 'scope',
        value: scopeText,
        expected: `empty (company) or dim=name with dim one of ${scopeDims.join(', ')}`,
      });
    }
    const valueText = (row.value ?? '').trim();
    // Plain decimals only: Number() would read 0x10 as 16.
    const parsed = parseNumber(valueText);
    const value = parsed.ok ? parsed.value : NaN;
    if (!parsed.ok) problems.push({ column: 'value', value: valueText, expected: 'a number such as 1234.5' });
    if (problems.length) return problems;
    // The same checks as a value typed in the app: a rate of 150% or 2.5 deals is refused.
    const problem = manualValueProblem(this.library.get(kpi)!, period, value);
    if (problem)
      return [
        {
          column: problem.column,
          value: { kpi, period, value: valueText }[problem.column],
          expected: problem.expected,
        },
      ];
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
