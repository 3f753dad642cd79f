import type Database from 'better-sqlite3';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import type { FactKindName, ImportKind } from './fields.js';
import { ManualValueWriter } from './import-file.js';
import { convertRow, type CellProblem, type ConvertOptions, type FactRecord } from './kinds.js';
import { asText, type RowConversion } from './row-conversion.js';
import type { RowProblems } from './row-problems.js';
import type { SourceRow } from './source.js';
import type { TotalsRows } from './totals.js';
import { FactWriter } from './writer.js';

const MAX_OPEN_WORDS = 20;

/** What a held totals candidate needs to be written or rejected once it is decided as data. */
export interface HeldRow {
  row: SourceRow;
  problems: CellProblem[];
}

export interface RowImportOptions extends ConvertOptions {
  skipInvalid?: boolean;
  preview?: number;
}

/**
 * The rows of one batch, one at a time, inside the caller's transaction: each is converted,
 * checked, held aside when it may be a totals row, and written — or its problems noted. Nothing
 * is written once a problem is found, unless invalid rows are skipped.
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
  private readonly writer: FactWriter | null;
  private readonly manual: ManualValueWriter | null;

  constructor(
    db: Database.Database,
    settings: WorkspaceSettings,
    private readonly kind: ImportKind,
    batchId: number,
    private readonly conversion: RowConversion,
    private readonly problems: RowProblems,
    private readonly totals: TotalsRows<HeldRow> | null,
    private readonly options: RowImportOptions,
  ) {
    this.writer = kind === 'kpi_values' ? null : new FactWriter(db, kind, batchId);
    this.manual = kind === 'kpi_values' ? new ManualValueWriter(db, settings, batchId) : null;
  }

  get counts(): { inserted: number; updated: number; unchanged: number } {
    return this.writer?.counts ?? this.manual!.counts;
  }

  get duplicatesInFile(): number {
    return this.writer?.duplicatesInFile ?? 0;
  }

  handle(row: SourceRow): void {
    this.read++;
    const { record, problems: found } = this.conversion.toCanonical(row);
    const { preview } = this.options;
    if (preview && this.preview.length < preview && !found.length) this.preview.push(asText(record));
    if (found.length) return this.problems.note(row, found);
    if (this.manual) {
      const refused = this.manual.write(asText(record));
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

  /** Ends the writes (deferred indexes, rollups of the days touched). */
  finish(): void {
    this.writer?.finish();
  }

  /** A row decided as data: written, or its problems noted. */
  private keep(row: SourceRow, fact: FactRecord, found: readonly CellProblem[]): void {
    if (found.length) return this.problems.note(row, this.conversion.labelled(found));
    this.totals?.addData(fact);
    if (this.problems.count === 0 || this.options.skipInvalid) this.writer!.write(fact);
  }
}
