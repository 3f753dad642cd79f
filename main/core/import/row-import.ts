import type { FactKindName, ImportKind } from './fields.js';
import { convertRow, type CellProblem, type ConvertOptions, type FactRecord } from './kinds.js';
import { asText, type RowConversion } from './row-conversion.js';
import type { RowProblems } from './row-problems.js';
import type { SourceRow } from './source.js';
import type { TotalsRows } from './totals.js';
import type { ImportWarnings } from './warnings.js';

const MAX_OPEN_WORDS = 20;

/** What a held totals candidate needs to be written or rejected once it is decided as data. */
export interface HeldRow {
  row: SourceRow;
  problems: CellProblem[];
}

/**
 * Where the rows to keep go: facts to a fact writer (or to the thread that owns it), manual
 * values to a writer that may still refuse one (an unknown KPI or scope) as a problem.
 */
export type RowSink =
  | { kind: 'facts'; write(fact: FactRecord): void }
  | { kind: 'manual'; write(values: Record<string, string>): readonly CellProblem[] };

export interface RowImportOptions extends ConvertOptions {
  skipInvalid?: boolean;
  preview?: number;
}

/**
 * The rows of one batch, one at a time: each is converted, checked, held aside when it may be a
 * totals row, and handed to the sink — or its problems noted. Nothing more is handed on once a
 * problem is found, unless invalid rows are skipped.
 */
export class RowImport {
  /** Data rows read so far (for progress and the summary). */
  read = 0;
  /** The first rows as they will be stored, when a preview was asked for. */
  readonly preview: Record<string, string>[] = [];
  /** Unlabelled rows decided as totals at the end: their line and the rule that fired. */
  readonly totalsRows: { line: number; rule: string }[] = [];
  /**
   * Deal status words read as open (anything not a won or lost word is open): listed in the
   * summary, because "Deal" or "Sukses" meaning won would otherwise vanish from revenue unseen.
   */
  readonly openWords = new Map<string, number>();
  constructor(
    private readonly kind: ImportKind,
    private readonly sink: RowSink,
    private readonly conversion: RowConversion,
    private readonly problems: RowProblems,
    private readonly totals: TotalsRows<HeldRow> | null,
    private readonly options: RowImportOptions,
    private readonly warnings: ImportWarnings,
  ) {}

  handle(row: SourceRow): void {
    this.read++;
    const { record, problems: found } = this.conversion.toCanonical(row);
    const { preview } = this.options;
    if (preview && this.preview.length < preview && !found.length) this.preview.push(asText(record));
    if (found.length) return this.problems.note(row, found);
    if (this.sink.kind === 'manual') {
      const refused = this.sink.write(asText(record));
      if (refused.length) this.problems.note(row, this.conversion.labelled(refused));
      return;
    }
    const converted = convertRow(this.kind as FactKindName, record, this.options);
    if (converted.fact.status === 'open' && typeof record.status === 'string') {
      const word = record.status;
      const seen = this.openWords.get(word);
      if (seen !== undefined) this.openWords.set(word, seen + 1);
      else if (this.openWords.size < MAX_OPEN_WORDS) this.openWords.set(word, 1);
    }
    if (this.totals?.isCandidate(record)) {
      const released = this.totals.hold({
        line: row.line,
        fact: converted.fact,
        payload: { row, problems: converted.problems },
      });
      for (const c of released) this.keep(c.payload.row, c.fact, c.payload.problems);
      return;
    }
    this.keep(row, converted.fact, converted.problems);
  }

  /**
   * After the last row: the held candidates are decided, totals skipped and the others written
   * last, inside the same transaction as the rest.
   */
  decideTotals(): void {
    if (!this.totals) return;
    const decided = this.totals.decide();
    for (const c of decided.totals)
      this.totalsRows.push({ line: c.line, rule: 'numbers equal the sum of the other rows' });
    for (const c of decided.data) this.keep(c.payload.row, c.fact, c.payload.problems);
    // Their problems, if any, are listed in file order with the others.
    if (decided.data.length) this.problems.sortByRow();
  }

  /**
   * Deals that read fine but are probably wrong are imported as written and named in the
   * summary: a won deal with a negative amount (a refund or a typo) lowers revenue, and one
   * closed before it was created gives a negative sales cycle.
   */
  private checkDeal(row: SourceRow, fact: FactRecord): void {
    const amount = fact.amount_e4;
    if (fact.status === 'won' && (typeof amount === 'number' || typeof amount === 'bigint') && amount < 0)
      this.warnings.note('negative_won_amount', this.conversion.columnLabel('amount'), row.line);
    const created = fact.created_day;
    const closed = fact.closed_day;
    if (typeof created === 'number' && typeof closed === 'number' && closed < created)
      this.warnings.note('closed_before_created', this.conversion.columnLabel('closed_at'), row.line);
  }

  /** A row decided as data: written, or its problems noted. */
  private keep(row: SourceRow, fact: FactRecord, found: readonly CellProblem[]): void {
    if (found.length) return this.problems.note(row, this.conversion.labelled(found));
    if (this.kind === 'deals') this.checkDeal(row, fact);
    this.totals?.addData(fact);
    if (this.sink.kind === 'facts' && (this.problems.count === 0 || this.options.skipInvalid))
      this.sink.write(fact);
  }
}
