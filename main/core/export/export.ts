import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { KpiDefinition, KpiUnit, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { fileStreams, writeFileAtomically } from '../files/atomic-write.js';
import { kpiLibrary, scopeKey, type KpiRow } from '../kpi/engine.js';
import { SpreadsheetError, writeXlsx, type CellToWrite } from '../import/spreadsheet/index.js';
import { neutraliseCell } from './neutralise.js';
import { dimensionColumns, importKinds, kindFields, type FactKindName } from '../import/fields.js';

export type ExportFormat = 'csv' | 'xlsx';
export type FactExportKind = 'deals' | 'leads' | 'spend' | 'web' | 'social' | 'kpi_values';

/**
 * Facts as users know them: the canonical fields a fact column stores, under their canonical
 * names, names instead of dimension ids, amounts in currency units (days become ISO dates below).
 */
function factQuery(kind: FactKindName): string {
  const joins: string[] = [];
  const select = kindFields[kind].flatMap((f) => {
    if (f.fact === null) return [];
    const dim = dimensionColumns[f.fact];
    if (dim) {
      const alias = `d${joins.length}`;
      joins.push(`LEFT JOIN ${dim.table} ${alias} ON ${alias}.id = t.${dim.column}`);
      return [`${alias}.name AS ${f.name}`];
    }
    // The exact decimal as text, from the stored ten-thousandths: a float loses digits past
    // 2^53 (about 900 billion), where Rupiah totals live. Trailing zeros are dropped (22.368).
    if (f.type === 'money') {
      const x = `t.${f.fact}`;
      return [
        `CASE WHEN ${x} IS NULL THEN NULL ELSE (CASE WHEN ${x} < 0 THEN '-' ELSE '' END) || (abs(${x}) / 10000)
           || rtrim(rtrim('.' || substr('0000' || (abs(${x}) % 10000), -4), '0'), '.') END AS ${f.name}`,
      ];
    }
    return [f.fact === f.name ? `t.${f.fact}` : `t.${f.fact} AS ${f.name}`];
  });
  return `SELECT ${select.join(', ')} FROM ${kind} t ${joins.join(' ')} ORDER BY t.id`;
}

const exportQueries: Record<FactExportKind, string> = {
  deals: factQuery('deals'),
  leads: factQuery('leads'),
  spend: factQuery('spend'),
  web: factQuery('web'),
  social: factQuery('social'),
  kpi_values: `SELECT kpi, period, scope_key AS scope, value, note FROM kpi_values ORDER BY kpi, period, scope_key`,
};

const exportedFields = importKinds.flatMap((k) => kindFields[k]).filter((f) => f.fact !== null);
const dateColumns = new Set(exportedFields.filter((f) => f.type === 'date').map((f) => f.name));

/** A cell of an export: a number may carry an Excel number format, which CSV drops. */
export type ExportCell = CellToWrite;

/** One table as written in one format: headers (with XLSX column widths) and rows pulled lazily. */
export interface ExportSheet {
  name: string;
  columns: { label: string; width: number }[];
  rows: Iterable<ExportCell[]>;
}

/**
 * What to export, asked per format: CSV stays machine-readable (codes, canonical headers) so it
 * imports back; XLSX is what a user hands over (names and headers in the workspace language).
 */
export type ExportSource = (format: ExportFormat) => ExportSheet;

type Lang = 'id' | 'en';
const langOf = (settings: Pick<WorkspaceSettings, 'locale'>): Lang =>
  settings.locale === 'en-US' ? 'en' : 'id';

/**
 * Excel number-format codes. Excel shows `,` and `.` in them as the thousands and decimal marks
 * of the reader's own locale, so `#,##0` reads as 1.500.000 in an Indonesian Excel.
 */
const currencySymbols = new Map<string, { symbol: string; symbolFirst: boolean }>();

/** The currency's symbol and side in this locale; cached, as building a NumberFormat is slow. */
function currencySymbol(currency: string, locale: string): { symbol: string; symbolFirst: boolean } {
  const key = `${currency} ${locale}`;
  let found = currencySymbols.get(key);
  if (!found) {
    found = { symbol: currency, symbolFirst: true };
    try {
      const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1);
      found = {
        symbol: parts.find((p) => p.type === 'currency')?.value ?? currency,
        symbolFirst:
          parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer'),
      };
    } catch {
      // A currency code Intl does not know is shown as the code itself.
    }
    currencySymbols.set(key, found);
  }
  return found;
}

function moneyFormat(amount: number, currency: string, locale: string): string {
  const { symbol, symbolFirst } = currencySymbol(currency, locale);
  // As on screen: whole amounts without decimals, an amount with cents with two.
  const digits = Number.isInteger(Math.round(amount * 100) / 100) ? '#,##0' : '#,##0.00';
  const quoted = `"${symbol.replace(/"/g, '')}"`;
  return symbolFirst ? `${quoted}\\ ${digits}` : `${digits}\\ ${quoted}`;
}

const unitWords: Record<Lang, { days: string; seconds: string }> = {
  id: { days: 'hari', seconds: 'dtk' },
  en: { days: 'days', seconds: 'sec' },
};

function formatted(
  value: number | null,
  unit: KpiUnit,
  settings: Pick<WorkspaceSettings, 'locale' | 'currency'>,
  currency = settings.currency,
): ExportCell {
  if (value === null || !Number.isFinite(value)) return null;
  const words = unitWords[langOf(settings)];
  const whole = Number.isInteger(value);
  switch (unit) {
    case 'money':
      return { value, format: moneyFormat(value, currency || settings.currency, settings.locale) };
    case 'percent':
      // Stored as a fraction (0.25); the % format shows 25,0% and keeps the cell computable.
      return { value, format: '0.0%' };
    case 'ratio':
      return { value, format: '0.00"×"' };
    case 'days':
      return { value, format: `0.0 "${words.days}"` };
    case 'seconds':
      return { value, format: `#,##0 "${words.seconds}"` };
    case 'count':
      return { value, format: whole ? '#,##0' : '#,##0.0#' };
  }
}

const factColumnWidths: Record<string, number> = {
  external_id: 14,
  title: 32,
  owner: 22,
  team: 18,
  account: 26,
  source: 20,
  campaign: 24,
  platform: 16,
  stage: 16,
  status: 12,
  amount: 20,
  currency: 10,
  kpi: 22,
  scope: 24,
  note: 32,
  disqualified_reason: 26,
};

/** Counts of things and of seconds, shown with thousands marks in XLSX. */
const countColumns = new Set(
  exportedFields.filter((f) => f.type === 'count' || f.type === 'duration').map((f) => f.name),
);

/**
 * A fact table as users know it: canonical column names (so the file imports back), names
 * instead of ids, ISO dates; in XLSX amounts carry their currency's format and kpi_values their
 * KPI's unit. Rows are read from SQLite as they are written, through a second, read-only
 * connection: an open cursor would keep the app's own connection busy for the whole export (every
 * save in the meantime would fail), and WAL gives the reader one consistent snapshot throughout.
 */
export function factExport(
  db: Database.Database,
  kind: FactExportKind,
  settings: Pick<WorkspaceSettings, 'locale' | 'currency'>,
  dbOptions: { nativeBinding?: string } = {},
): ExportSource {
  return (format) => {
    const sql = exportQueries[kind];
    const columns = db
      .prepare(sql)
      .columns()
      .map((c) => c.name);
    const units = kind === 'kpi_values' ? kpiLibrary(db) : null;
    const xlsx = format === 'xlsx';
    function* rows(): Generator<ExportCell[]> {
      const reader = db.memory
        ? db
        : new Database(db.name, {
            readonly: true,
            fileMustExist: true,
            nativeBinding: dbOptions.nativeBinding,
          });
      try {
        for (const row of reader.prepare(sql).iterate() as Iterable<Record<string, string | number | null>>) {
          yield columns.map((c): ExportCell => {
            const v = row[c] ?? null;
            if (dateColumns.has(c) && typeof v === 'number') return isoFromDay(v);
            // A spreadsheet cell holds a float: the amount is a number there (CSV keeps the text).
            if (xlsx && c === 'amount' && typeof v === 'string') {
              return formatted(Number(v), 'money', settings, String(row.currency ?? ''));
            }
            if (!xlsx || typeof v !== 'number') return v;
            if (countColumns.has(c)) return formatted(v, 'count', settings);
            if (c === 'value' && units) {
              const unit = units.get(String(row.kpi))?.unit;
              return unit ? formatted(v, unit, settings) : v;
            }
            return v;
          });
        }
      } finally {
        if (reader !== db) reader.close();
      }
    }
    return {
      name: kind,
      columns: columns.map((c) => ({
        label: c,
        width: Math.max(c.length + 2, factColumnWidths[c] ?? (dateColumns.has(c) ? 12 : 14)),
      })),
      rows: rows(),
    };
  };
}

const kpiHeaders: Record<Lang, string[]> = {
  id: ['KPI', 'Kode', 'Periode', 'Cakupan', 'Nilai', 'Target', 'Pencapaian', 'Status'],
  en: ['KPI', 'Code', 'Period', 'Scope', 'Value', 'Target', 'Achievement', 'Status'],
};
const kpiWidths = [34, 22, 12, 28, 20, 20, 14, 12];

const scopeWords: Record<Lang, Record<string, string>> = {
  id: {
    company: 'Perusahaan',
    none: '(kosong)',
    owner: 'Pemilik',
    team: 'Tim',
    source: 'Sumber',
    campaign: 'Kampanye',
    platform: 'Platform',
  },
  en: {
    company: 'Company',
    none: '(none)',
    owner: 'Owner',
    team: 'Team',
    source: 'Source',
    campaign: 'Campaign',
    platform: 'Platform',
  },
};

const statusWords: Record<Lang, Record<KpiRow['status'], string>> = {
  id: { green: 'Hijau', amber: 'Kuning', red: 'Merah', grey: '—' },
  en: { green: 'Green', amber: 'Amber', red: 'Red', grey: '—' },
};

function scopeLabel(scope: KpiRow['scope'], lang: Lang): string {
  const [dim, name] = Object.entries(scope)[0] ?? [];
  const words = scopeWords[lang];
  if (dim === undefined) return words.company!;
  return `${words[dim] ?? dim}: ${name ?? words.none}`;
}

/**
 * KPI values. CSV: the columns `kpi --csv` prints (codes, plain numbers in base units). XLSX: the
 * KPI's name and headers in the workspace language, money in its currency, rates as percentages.
 */
export function kpiExport(
  rows: KpiRow[],
  library: ReadonlyMap<string, Pick<KpiDefinition, 'name' | 'unit'>>,
  settings: Pick<WorkspaceSettings, 'locale' | 'currency'>,
): ExportSource {
  const lang = langOf(settings);
  return (format) => {
    if (format === 'csv') {
      return {
        name: 'KPI',
        columns: ['kpi', 'period', 'scope', 'value', 'target', 'achievement', 'status'].map((label) => ({
          label,
          width: 0,
        })),
        rows: rows.map((r) => [
          r.kpi,
          r.period,
          scopeKey(r.scope),
          r.value,
          r.target,
          r.achievement,
          r.status,
        ]),
      };
    }
    function* xlsxRows(): Generator<ExportCell[]> {
      for (const r of rows) {
        const def = library.get(r.kpi);
        const unit = def?.unit ?? 'count';
        yield [
          def?.name[lang] ?? r.kpi,
          r.kpi,
          r.period,
          scopeLabel(r.scope, lang),
          formatted(r.value, unit, settings),
          formatted(r.target, unit, settings),
          formatted(r.achievement, 'percent', settings),
          statusWords[lang][r.status],
        ];
      }
    }
    return {
      name: 'KPI',
      columns: kpiHeaders[lang].map((label, i) => ({ label, width: kpiWidths[i]! })),
      rows: xlsxRows(),
    };
  };
}

/** CSV cells: numbers as plain numbers, text neutralised so no spreadsheet runs it as a formula. */
function* csvRows(sheet: ExportSheet): Generator<(string | number | null)[]> {
  yield sheet.columns.map((c) => neutraliseCell(c.label));
  for (const row of sheet.rows) {
    yield row.map((cell) => neutraliseCell(cell !== null && typeof cell === 'object' ? cell.value : cell));
  }
}

/** The records behind a KPI value as a table (the drill-down's rows, every one of them). */
export function drilldownExport(records: {
  kind: string;
  columns: string[];
  rows: Iterable<Record<string, string | number | null>>;
}): ExportSource {
  const columns = records.columns.filter((c) => c !== 'id');
  return () => ({
    name: records.kind,
    columns: columns.map((c) => ({ label: c, width: Math.max(12, c.length + 2) })),
    rows: (function* () {
      for (const r of records.rows) yield columns.map((c) => r[c] ?? null);
    })(),
  });
}

/**
 * Writes the export as CSV (UTF-8 with BOM so Excel reads Rupiah names right) or XLSX, streaming
 * rows to a temporary file that replaces nothing until it is complete (files/atomic-write).
 */
export async function writeExport(
  file: string,
  format: ExportFormat,
  source: ExportSource,
): Promise<{ file: string }> {
  const sheet = source(format);
  try {
    if (format === 'csv') {
      const out = await writeFileAtomically(
        file,
        (temp) =>
          pipeline(
            Readable.from(csvRows(sheet)),
            stringify({ bom: true, cast: { number: (n) => String(n) } }),
            fileStreams.create(temp),
          ),
        { refuseExisting: true },
      );
      return { file: out };
    }
    const out = path.resolve(file);
    await writeXlsx(
      out,
      [
        {
          name: sheet.name,
          header: true,
          columnWidths: sheet.columns.map((c) => c.width),
          rows: (function* () {
            yield sheet.columns.map((c) => c.label);
            yield* sheet.rows;
          })(),
        },
      ],
      { refuseExisting: true },
    );
    return { file: out };
  } catch (error) {
    // A cell or sheet Excel would refuse is a problem with the request, not the program.
    if (error instanceof SpreadsheetError) throw new KinerjaError('invalid_request', error.message);
    throw error;
  }
}
