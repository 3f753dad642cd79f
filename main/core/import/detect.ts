import path from 'node:path';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { inferCountMark, inferDateOrder, inferDecimalMark } from './infer.js';
import { canonicalFields, type ImportKind } from './kinds.js';
import { fieldTypeOf, planColumns } from './mapping.js';
import { detectPreset, presets } from './presets.js';
import { listSheets } from './spreadsheet/index.js';
import { openTableSource } from './source.js';

export interface Detection {
  file: string;
  readAs: string;
  sheets: string[] | null;
  headers: string[];
  sample: string[][];
  suggestedPreset: string | null;
  suggestedKind: ImportKind | null;
  /** Field → the header(s) that feed it. */
  mapping: Record<string, string[]>;
  constants: Record<string, string>;
  unused: string[];
  dateRange: { from: string; to: string } | null;
  fields: { name: string; type: string }[];
  /** Per mapped column: what its values look like and how they would be read. */
  formats: {
    column: string;
    field: string;
    examples: string[];
    reading: string | null;
    needsChoice: boolean;
  }[];
}

/**
 * What the import wizard shows before anything is written: how the file is read, which
 * export it looks like, which column feeds which field, and how numbers and dates would be read
 * — with the columns where the user has to choose marked.
 */
export async function detectImport(
  file: string,
  options: { kind?: ImportKind; sheet?: string } = {},
): Promise<Detection> {
  const abs = path.resolve(file);
  const source = await openTableSource(abs, { sheet: options.sheet });
  const sheets = source.format === 'csv' ? null : (await listSheets(abs)).sheets;
  const preset = detectPreset(source.headers, options.kind);
  const kind = options.kind ?? preset?.kind ?? null;
  const cell = (c: unknown) =>
    c === null || c === undefined
      ? ''
      : typeof c === 'object'
        ? isoFromDay((c as { day: number }).day)
        : String(c);
  const sample = source.sample.slice(0, 10).map((r) => source.headers.map((_, i) => cell(r.cells[i])));
  const result: Detection = {
    file: abs,
    readAs: source.described,
    sheets,
    headers: source.headers,
    sample,
    suggestedPreset: preset?.name ?? null,
    suggestedKind: kind,
    mapping: {},
    constants: {},
    unused: source.headers,
    dateRange: source.dateRange
      ? { from: isoFromDay(source.dateRange.from), to: isoFromDay(source.dateRange.to) }
      : null,
    fields: [],
    formats: [],
  };
  if (!kind) return result;
  result.fields = canonicalFields[kind].map((name) => ({ name, type: fieldTypeOf(name) }));
  const plan = planColumns(abs, kind, source.headers, { preset: preset?.name });
  result.constants = plan.constants;
  result.unused = plan.unused;
  for (const [field, cols] of [...plan.fields, ...plan.sums]) {
    result.mapping[field] = cols.map((i) => source.headers[i]!);
    for (const i of cols) {
      const values = source.sample.map((r) => cell(r.cells[i])).filter((v) => v.trim() !== '');
      const type = fieldTypeOf(field);
      let reading: string | null = null;
      let needsChoice = false;
      if (type === 'date') {
        const d = inferDateOrder(values);
        reading = d.evidence;
        needsChoice = d.ambiguous && !d.order;
      } else if (type !== 'text') {
        const m = type === 'count' ? inferCountMark(values) : inferDecimalMark(values);
        reading = m.evidence;
        needsChoice = m.ambiguous && !m.mark;
      }
      result.formats.push({
        column: source.headers[i]!,
        field,
        examples: values.slice(0, 3),
        reading,
        needsChoice,
      });
    }
  }
  return result;
}

export const presetList = () => presets.map((p) => ({ name: p.name, label: p.label, kind: p.kind }));
