import { isoFromDay } from '../../../shared/kpi/periods.js';
import { cellText, type ColumnReader } from './column-readers.js';
import { fieldTypeOf } from './fields.js';
import type { CanonicalRow, CellProblem } from './kinds.js';
import type { ColumnPlan } from './mapping.js';
import type { SourceCell, SourceRow } from './source.js';

const noProblems: readonly CellProblem[] = Object.freeze([]);

const isEmptyCell = (c: SourceCell) => c === null || (typeof c === 'string' && c.trim() === '');

/** One field's columns and their readers, in the plan's order. */
interface FieldStep {
  field: string;
  cols: number[];
  readers: ColumnReader[];
}

/**
 * Turns source rows into canonical fields through the plan's column readers. Everything that
 * does not depend on the row is worked out once here: this runs for every row of files of
 * millions, so it walks arrays rather than the plan's maps and creates no function per row.
 */
export class RowConversion {
  private readonly fieldSteps: FieldStep[];
  private readonly sumSteps: FieldStep[];
  constructor(
    private readonly plan: ColumnPlan,
    readers: ReadonlyMap<string, ColumnReader[]>,
    private readonly headerOf: (column: number) => string,
    /** Every row's --set values, already read by their field's rules. */
    private readonly constants: readonly [string, string | number | bigint][],
  ) {
    this.fieldSteps = [...plan.fields].map(([field, cols]) => ({
      field,
      cols,
      readers: readers.get(field)!,
    }));
    this.sumSteps = [...plan.sums].map(([field, cols]) => ({ field, cols, readers: readers.get(field)! }));
  }

  /** One source row as canonical fields (parsed values), or the problems found in it. */
  toCanonical(row: SourceRow): { record: CanonicalRow; problems: readonly CellProblem[] } {
    // Keys are canonical field names only, never a file's headers, so a plain object is safe.
    const record: CanonicalRow = {};
    let found: CellProblem[] | null = null;
    for (const { field, cols, readers: rs } of this.fieldSteps) {
      for (let k = 0; k < cols.length; k++) {
        const cell = row.cells[cols[k]!] ?? null;
        if (isEmptyCell(cell)) continue;
        const r = rs[k]!.read(cell);
        if (!r.ok) {
          (found ??= []).push({
            column: this.columnLabel(field),
            value: cellText(cell),
            expected: r.expected,
          });
          break;
        }
        if (r.value !== null) {
          record[field] = r.value;
          break;
        }
      }
    }
    for (const { field, cols, readers: rs } of this.sumSteps) {
      let total: number | bigint | null = null;
      for (let k = 0; k < cols.length; k++) {
        const cell = row.cells[cols[k]!] ?? null;
        if (isEmptyCell(cell)) continue;
        const r = rs[k]!.read(cell);
        if (!r.ok)
          (found ??= []).push({
            column: this.headerOf(cols[k]!),
            value: cellText(cell),
            expected: r.expected,
          });
        else if (typeof r.value === 'bigint' || typeof total === 'bigint')
          total = BigInt(total ?? 0) + BigInt(r.value ?? 0); // money past 2^53 ten-thousandths
        else if (r.value !== null) total = (total ?? 0) + Number(r.value);
      }
      if (total !== null) record[field] = total;
    }
    for (const [field, value] of this.constants) record[field] ??= value;
    return { record, problems: found ?? noProblems };
  }

  /** Where a field's value came from, as a user would find it in the file or the command. */
  columnLabel(field: string): string {
    const { plan, headerOf } = this;
    const cols = plan.fields.get(field) ?? plan.sums.get(field);
    if (cols?.length)
      return `${cols.map(headerOf).join(' + ')}${cols.length === 1 && headerOf(cols[0]!) === field ? '' : ` (${field})`}`;
    return field in plan.constants ? `--set ${field}` : field;
  }

  /** Problems found in canonical fields, named by the columns the fields came from. */
  labelled(found: readonly CellProblem[]): CellProblem[] {
    return found.map((p) => ({ ...p, column: this.columnLabel(p.column) }));
  }
}

/** A canonical row as the text a canonical file would hold (for previews and manual values). */
export function asText(record: CanonicalRow): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'bigint') text[field] = moneyText(value);
    else if (typeof value !== 'number') text[field] = value ?? '';
    else {
      const type = fieldTypeOf(field);
      text[field] = type === 'date' ? isoFromDay(value) : type === 'money' ? moneyText(value) : String(value);
    }
  }
  return text;
}

function moneyText(e4: number | bigint): string {
  const n = BigInt(e4);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`;
}
