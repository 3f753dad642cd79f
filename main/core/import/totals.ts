import { factColumns, fieldTypeOf, type ImportKind } from './fields.js';
import type { CanonicalRow, FactRecord } from './kinds.js';
import type { ColumnPlan } from './mapping.js';

/**
 * The "numbers equal the sum of the other rows" rule for totals rows that carry no label.
 *
 * Exports put an unlabelled summary row among the data: Meta Ads Manager's account row comes
 * first, Universal Analytics' totals row last, both with every name empty. An unlabelled row can
 * also be plain data (GA4 lists the sessions whose landing page was not recorded with an empty
 * landing page), so an unlabelled row is only a candidate: candidates are held aside while the
 * file streams and decided at the end, when the sums of the other rows are known. Only the
 * candidates are kept in memory, never the data rows.
 */

/**
 * Columns whose rows do not add up to the total even when the total is right: users and reach
 * count distinct people across rows, followers is a level.
 */
const NOT_ADDITIVE = new Set(['users', 'reach', 'followers']);

/** Beyond this many unlabelled rows the file simply leaves names empty; they are data. */
export const MAX_HELD_CANDIDATES = 10_000;

export interface Candidate<T> {
  line: number;
  fact: FactRecord;
  /** What the caller needs to write or reject the row once it is decided as data. */
  payload: T;
}

/** How close a total must be to the sum, relative to the sum, per fact column. */
export type Tolerance = (column: string) => number;

export class TotalsBySum<T> {
  /** The fact columns compared: numbers that add up (not days, not distinct counts). */
  private readonly columns: string[];
  /** Per column: the sum over the data rows, or undefined while no data row has a value. */
  private readonly sums: (number | undefined)[];
  private held: Candidate<T>[] = [];
  private holding = true;

  constructor(
    columns: readonly string[],
    private readonly tolerance: Tolerance,
  ) {
    this.columns = columns.filter((c) => !c.includes('day') && !NOT_ADDITIVE.has(c));
    this.sums = this.columns.map(() => undefined);
  }

  /** A row decided as data: its numbers join the sums later candidates are compared with. */
  addData(fact: FactRecord): void {
    // Runs for every row of the file: a plain loop over a fixed list of columns.
    for (let i = 0; i < this.columns.length; i++) {
      const v = fact[this.columns[i]!];
      if (typeof v === 'number') this.sums[i] = (this.sums[i] ?? 0) + v;
    }
  }

  /**
   * Holds a candidate. Returns the rows to treat as data now: none, or — once the file has more
   * unlabelled rows than any export's totals — everything held so far and this row.
   */
  hold(candidate: Candidate<T>): Candidate<T>[] {
    if (this.holding && this.held.length < MAX_HELD_CANDIDATES) {
      this.held.push(candidate);
      return [];
    }
    this.holding = false;
    const released = [...this.held, candidate];
    this.held = [];
    return released;
  }

  /**
   * Decides every held candidate. Smaller rows are decided first, and each one decided as data
   * joins the sums, so a totals row that includes an unlabelled data row (GA4's empty landing
   * page) is still recognised, and two totals rows of the same data are both skipped.
   */
  decide(): { totals: Candidate<T>[]; data: Candidate<T>[] } {
    const size = (c: Candidate<T>) => {
      let s = 0;
      for (const column of this.columns) {
        const v = c.fact[column];
        if (typeof v === 'number') s += Math.abs(v);
      }
      return s;
    };
    const totals: Candidate<T>[] = [];
    const data: Candidate<T>[] = [];
    for (const c of [...this.held].sort((a, b) => size(a) - size(b))) {
      if (this.equalsSums(c.fact)) totals.push(c);
      else {
        data.push(c);
        this.addData(c.fact);
      }
    }
    this.held = [];
    const byLine = (a: Candidate<T>, b: Candidate<T>) => a.line - b.line;
    return { totals: totals.sort(byLine), data: data.sort(byLine) };
  }

  /**
   * Every additive number of the row equals the sum of that column over the data rows, and at
   * least one of them is not zero. Columns no data row has are not compared: a Meta Ads region
   * breakdown leaves purchases empty on every row but not on the account row.
   */
  private equalsSums(fact: FactRecord): boolean {
    let compared = 0;
    let nonZero = false;
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const v = fact[column];
      const sum = this.sums[i];
      if (typeof v !== 'number' || sum === undefined) continue;
      if (Math.abs(v - sum) > this.tolerance(column) * Math.abs(sum) + 1e-9) return false;
      compared++;
      if (sum !== 0) nonZero = true;
    }
    return compared > 0 && nonZero;
  }
}

/** Text fields that are codes rather than names: a totals row may carry them. */
const NOT_NAMES = new Set(['status', 'stage', 'kind']);

/**
 * The rule as one import applies it: which rows are candidates (every name the file reads is
 * empty, some number is not) and how closely their numbers must match the sums.
 */
export class TotalsRows<T> extends TotalsBySum<T> {
  constructor(
    columns: readonly string[],
    tolerance: Tolerance,
    private readonly names: readonly string[],
    private readonly numbers: readonly string[],
  ) {
    super(columns, tolerance);
  }

  isCandidate(record: CanonicalRow): boolean {
    for (let i = 0; i < this.names.length; i++) if (record[this.names[i]!] !== undefined) return false;
    for (let i = 0; i < this.numbers.length; i++) if (record[this.numbers[i]!] !== undefined) return true;
    return false;
  }
}

/**
 * Exports put summary rows among the data (Meta's account row first, UA's totals last) with every
 * name empty but the numbers filled in. A canonical file has no summary rows, and there an empty
 * source is just an unknown source, so the rule applies to exports only (a preset or a --map),
 * and only to files with names to be empty. Null when it does not apply.
 */
export function totalsRowsFor<T>(
  kind: ImportKind,
  plan: ColumnPlan,
  isExport: boolean,
): TotalsRows<T> | null {
  const names = [...plan.fields.keys()].filter((f) => fieldTypeOf(f) === 'text' && !NOT_NAMES.has(f));
  if (!isExport || names.length === 0 || kind === 'kpi_values') return null;
  const numbers = [...plan.fields.keys(), ...plan.sums.keys()].filter(
    (f) => fieldTypeOf(f) !== 'text' && fieldTypeOf(f) !== 'date',
  );
  const isRead = (field: string) => plan.fields.has(field) || plan.sums.has(field);
  const tolerance = (column: string) => {
    const field = column.startsWith('amount') ? 'amount' : column;
    // Money rows may carry more decimals than the total shows; counts worked out from a
    // rounded rate or average (bounces from "67,32%") carry that rounding too.
    if (fieldTypeOf(field) === 'money') return 1e-4;
    return isRead(field) ? 1e-9 : 0.02;
  };
  return new TotalsRows<T>(factColumns[kind], tolerance, names, numbers);
}
