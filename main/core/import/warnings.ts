import type { ImportWarning, ImportWarningCode } from '../../../shared/contract/schemas.js';

export type { ImportWarning, ImportWarningCode };

/** Rows listed per warning; more are only counted. */
export const MAX_WARNING_ROWS = 10;

/** What the CLI prints (the app words the same facts in its own language from the code). */
export function warningMessage(w: Omit<ImportWarning, 'message'>): string {
  const listed = w.rows.join(', ');
  const rows = `row${w.count === 1 ? '' : 's'} ${listed}${w.count > w.rows.length ? ` and ${w.count - w.rows.length} more` : ''}`;
  switch (w.code) {
    case 'mixed_encoding':
      return `${rows}: UTF-8 text in a file otherwise in Windows-1252 (it mixes two encodings); read as UTF-8, check these rows`;
    case 'duplicate_header':
      return `columns ${w.positions.join(' and ')} are both named '${w.column}'; only column ${w.positions[0]} is read`;
    case 'negative_won_amount':
      return `${rows}, column ${w.column}: a won deal with a negative amount; it lowers revenue`;
    case 'closed_before_created':
      return `${rows}, column ${w.column}: the deal closes before it was created; its sales cycle is negative`;
  }
}

/** Warnings of one import, one per code and column, each with its rows counted and the first listed. */
export class ImportWarnings {
  private readonly byKey = new Map<string, Omit<ImportWarning, 'message'>>();

  note(code: ImportWarningCode, column: string | null, row: number): void {
    const key = `${code}\u0000${column ?? ''}`;
    let w = this.byKey.get(key);
    if (!w) this.byKey.set(key, (w = { code, column, rows: [], count: 0, positions: [] }));
    w.count++;
    if (w.rows.length < MAX_WARNING_ROWS) w.rows.push(row);
  }

  add(w: Omit<ImportWarning, 'message'>): void {
    this.byKey.set(`${w.code}\u0000${w.column ?? ''}\u0000${w.positions.join(',')}`, w);
  }

  list(): ImportWarning[] {
    return [...this.byKey.values()].map((w) => ({
      ...w,
      rows: [...w.rows].sort((a, b) => a - b),
      message: warningMessage(w),
    }));
  }
}
