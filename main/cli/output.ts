import type {
  ImportSummary,
  KpiDefinition,
  KpiRow,
  WorkspaceSettings,
} from '../../shared/contract/schemas.js';
import { formatKpiValue, formatPercent, listNames, NO_VALUE } from '../../shared/format/index.js';
import { scopeKey } from '../core/kpi/engine.js';

type PlainRow = Pick<KpiRow, 'kpi' | 'period' | 'scope' | 'value' | 'target' | 'achievement' | 'status'>;

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Machine-readable CSV: plain numbers in base units, empty cells where there is no value. */
export function toCsv(rows: PlainRow[]): string {
  const header = 'kpi,period,scope,value,target,achievement,status';
  const lines = rows.map((r) =>
    [r.kpi, r.period, scopeKey(r.scope), r.value, r.target, r.achievement, r.status].map(csvCell).join(','),
  );
  return [header, ...lines].join('\n');
}

/** A table for people: values in the workspace's locale and currency, "—" where there is none. */
export function formatKpiTable(
  rows: KpiRow[],
  settings: WorkspaceSettings,
  catalog: KpiDefinition[],
): string {
  const units = new Map(catalog.map((k) => [k.code, k.unit]));
  const table = rows.map((r) => {
    const unit = units.get(r.kpi) ?? 'ratio';
    return [
      r.kpi,
      r.period,
      scopeKey(r.scope) || '(company)',
      formatKpiValue(r.value, unit, settings) + (r.origin === 'manual' ? ' (manual)' : ''),
      formatKpiValue(r.target, unit, settings),
      r.achievement === null ? NO_VALUE : formatPercent(r.achievement, settings.locale),
      r.status,
    ];
  });
  return textTable(['KPI', 'period', 'scope', 'value', 'target', 'achievement', 'status'], table);
}

/** Columns padded to their widest cell, with a rule under the header. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The import summary a person reads: counts first, then how the file was understood. */
export function describeImport(s: ImportSummary): string {
  const head = s.dryRun ? 'Dry run (nothing was changed)' : `Imported batch ${s.batchId}`;
  const lines = [
    `${head}: ${s.read} rows read, ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
    `Read as ${s.readAs}${s.preset ? `; recognised as ${s.preset}` : ''}`,
  ];
  if (s.skippedLines || s.skippedTotals) {
    lines.push(`Skipped ${s.skippedLines} lines above or after the table and ${s.skippedTotals} totals rows`);
  }
  for (const t of s.totalsRows.slice(0, 10)) lines.push(`  totals row on line ${t.line}: ${t.rule}`);
  if (s.moreTables) lines.push('The file holds more than one table; only the first was imported');
  for (const f of s.formats.filter((x) => x.format)) lines.push(`  ${f.column} → ${f.field}: ${f.format}`);
  if (s.duplicatesInFile)
    lines.push(`${s.duplicatesInFile} rows repeat an id used earlier in the file; the last one was kept`);
  if (s.rejectsFile) lines.push(`Rejected rows were written to ${s.rejectsFile}`);
  if (s.ignoredColumns.length) lines.push(`Columns not used: ${listNames(s.ignoredColumns)}`);
  for (const w of s.warnings) lines.push(`Warning: ${w.message}`);
  return lines.join('\n');
}
