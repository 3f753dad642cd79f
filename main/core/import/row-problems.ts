import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { neutraliseCell } from '../export/neutralise.js';
import { clipText } from '../../../shared/format/brief.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { cellText } from './column-readers.js';
import type { CellProblem } from './kinds.js';
import type { SourceRow } from './source.js';

/** Folder name prefix of the files browser mode receives by upload (see main/server). */
export const UPLOAD_DIR_PREFIX = 'kinerja-upload-';

const MAX_PROBLEMS_KEPT = 1000;
export const MAX_PROBLEMS_LISTED = 50;

export interface RowProblem extends CellProblem {
  row: number;
}

/**
 * The problems of one import: every one counted, the first ones kept to list, and with
 * --skip-invalid each rejected row kept as it was in the file for the rejects file.
 */
export class RowProblems {
  /** The first problems found, in file order once sorted. */
  readonly kept: RowProblem[] = [];
  count = 0;
  rejected = 0;
  private readonly rejects: string[][] = [];

  constructor(
    private readonly headers: readonly string[],
    private readonly skipInvalid: boolean,
  ) {}

  note(row: SourceRow, found: readonly CellProblem[]): void {
    this.count += found.length;
    if (this.kept.length < MAX_PROBLEMS_KEPT)
      // A value is kept clipped: a 1 MB cell is said in a line, and a thousand of them are not held.
      this.kept.push(
        ...found.map((p) => ({ ...p, column: clipText(p.column), value: clipText(p.value), row: row.line })),
      );
    if (this.skipInvalid) {
      this.rejected++;
      // Opened in a spreadsheet to be fixed, a rejected `=HYPERLINK(…)` must stay text, as in an export.
      this.rejects.push(
        [
          ...this.headers.map((_, i) => cellText(row.cells[i] ?? null)),
          found.map((p) => `${p.column}: expected ${p.expected}`).join('; '),
        ].map((c) => String(neutraliseCell(c) ?? '')),
      );
    }
  }

  /** Problems noted out of file order (rows decided at the end) are listed in file order. */
  sortByRow(): void {
    this.kept.sort((a, b) => a.row - b.row);
  }

  /** The refusal of a file with problems: all of them counted, the first ones listed. */
  refusal(file: string): KinerjaError {
    const lines = this.kept
      .slice(0, MAX_PROBLEMS_LISTED)
      .map(
        (p) =>
          `  row ${p.row}, column ${p.column}: ${p.value === '' ? 'empty' : `'${p.value}'`}; expected ${p.expected}`,
      );
    const count = this.count;
    const more = count > MAX_PROBLEMS_LISTED ? `\n  … and ${count - MAX_PROBLEMS_LISTED} more` : '';
    return new KinerjaError(
      'invalid_request',
      `${file}: ${count} problem${count === 1 ? '' : 's'}; nothing was imported (use --skip-invalid to import the valid rows)\n${lines.join('\n')}${more}`,
    );
  }

  /**
   * Writes the rejected rows, with a problem column, as `<file>.rejected.csv` (or
   * `<file>.rejected-2.csv`… when that exists: the rejects of an earlier import, perhaps being
   * fixed, are never overwritten); null when none was rejected. The caller writes it before
   * COMMIT, so an import whose rejects cannot be written is rolled back.
   */
  async writeRejects(file: string, workspaceFile: string): Promise<string | null> {
    if (!this.rejects.length) return null;
    const text = stringify([[...this.headers, 'problem'], ...this.rejects]);
    return writeFileAtomically(unusedName(rejectsFolder(file, workspaceFile), path.basename(file)), (temp) =>
      fs.writeFileSync(temp, text),
    );
  }
}

/** Where rejected rows go: beside the file, or beside the workspace when that folder is read-only. */
function rejectsFolder(file: string, workspaceFile: string): string {
  // A browser-mode upload sits in a temp folder that goes away with the server: keep its rejects
  // with the workspace, where the user can find them.
  if (path.basename(path.dirname(file)).startsWith(UPLOAD_DIR_PREFIX)) return path.dirname(workspaceFile);
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return path.dirname(file);
  } catch {
    return path.dirname(workspaceFile);
  }
}

/** `deals.csv.rejected.csv`, or the first of `deals.csv.rejected-2.csv`, `-3`… not yet there. */
function unusedName(folder: string, base: string): string {
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, `${base}.rejected${n === 1 ? '' : `-${n}`}.csv`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}
