import { KinerjaError, isKinerjaError } from '../../shared/contract/errors.js';
import { FormulaError } from '../../shared/kpi/formula.js';
import { PeriodError } from '../../shared/kpi/periods.js';
import { damagedError, isCorruptError, isReadOnlyError, readOnlyError } from './db/workspace-file.js';

/**
 * What SQLite says when the disk under the workspace fails it, in words a user can act on. The
 * transaction that hit it is rolled back, so every message can say nothing was changed.
 */
function storageProblem(code: string, file: string): { code: string; message: string } | null {
  const base = code.replace(/^(SQLITE_[A-Z]+)(_.*)?$/, '$1');
  switch (base) {
    case 'SQLITE_FULL':
      return {
        code: 'workspace_disk_full',
        message: `${file}: the disk is full; nothing was changed. Free some space and try again`,
      };
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return {
        code: 'workspace_read_only',
        message: `${file}: the workspace file is read-only (or on a read-only drive); nothing was changed. Copy it to a folder you can write to and open it from there`,
      };
    case 'SQLITE_IOERR':
    case 'SQLITE_CANTOPEN':
      return {
        code: 'workspace_disk_error',
        message: `${file}: the disk reported an error while the workspace was written (${code}); nothing was changed. Check the drive and try again`,
      };
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return {
        code: 'workspace_damaged',
        message: `${file}: the workspace file is damaged; nothing was changed. Restore it from a backup`,
      };
    default:
      return null;
  }
}

/**
 * The errors a user can act on, as a KinerjaError with a code: Kinerja's own, a bad period or
 * formula, and a disk that is full, read-only or failing under the workspace. Null for anything
 * else, which is a fault of Kinerja's and is reported as an internal error.
 */
export function knownError(e: unknown, workspaceFile?: string | null): KinerjaError | null {
  if (isKinerjaError(e)) return e;
  if (e instanceof PeriodError)
    return new KinerjaError('invalid_request', e.message, {
      code: 'invalid_period',
      params: { text: e.input.slice(0, 80) },
    });
  if (e instanceof FormulaError)
    return new KinerjaError('invalid_request', e.message, {
      code: 'formula',
      params: { position: e.position, problem: e.problem },
    });
  const code = (e as { code?: unknown } | null)?.code;
  // A damaged or read-only workspace: the same errors opening it gives (the damaged one names
  // the newest backup to restore).
  if (workspaceFile && isCorruptError(e)) return damagedError(workspaceFile, (e as Error).message);
  if (workspaceFile && isReadOnlyError(e)) return readOnlyError(workspaceFile);
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const file = workspaceFile ?? 'the workspace';
    const problem = storageProblem(code, file);
    if (problem)
      return new KinerjaError('invalid_request', problem.message, {
        code: problem.code,
        params: { path: file },
      });
  }
  return null;
}
