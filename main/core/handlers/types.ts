import type { CallName, ParsedRequestOf, ResponseOf } from '../../../shared/contract/api.js';
import type { ImportRunner } from '../import/run-import.js';
import type { PathGuard } from '../files/user-path.js';
import type { QuestionRunner } from '../kpi/question-runner.js';
import type { Session } from '../session.js';

export interface HandlerContext {
  session: Session;
  /** Where imports, previews and detection run; in the host's own thread when absent (the CLI, tests). */
  imports?: ImportRunner;
  /** Where KPI questions are answered: worker threads in the app and browser mode; this thread when absent. */
  questions?: QuestionRunner;
  /**
   * Renders a print page (a hash route such as `/print/appraisal?…`) to PDF: printToPDF in the
   * desktop app, headless Chromium in browser mode and the CLI. Absent where none is set up.
   */
  printPdf?: (route: string, options: { paper: 'A4' | 'Letter' }) => Promise<Buffer>;
  /** The desktop app's open-file dialog; absent in browser mode and the CLI. */
  pickFile?: (purpose: 'import' | 'workspace') => Promise<{ path: string } | null>;
  /** The desktop app's save dialog; absent in browser mode and the CLI. */
  saveFile?: (purpose: 'workspace' | 'pdf', defaultName: string) => Promise<{ path: string } | null>;
  /**
   * The folder a relative workspace path is read from: the home folder in the app and browser
   * mode (where there is no working folder a user knows of), the working folder in the CLI.
   */
  baseDir?: string;
  /**
   * Browser mode: which files calls may read and write (see PathGuard). Absent in the desktop
   * app (paths come from its native dialogs) and the CLI (the user's own shell).
   */
  paths?: PathGuard;
}

export type Handler<N extends CallName> = (
  request: ParsedRequestOf<N>,
  context: HandlerContext,
) => ResponseOf<N> | Promise<ResponseOf<N>>;

/** Every call in the contract has exactly one handler; the compiler enforces completeness. */
export type Handlers = { [N in CallName]: Handler<N> };
