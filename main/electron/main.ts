import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { callNames } from '../../shared/contract/api.js';
import { createDispatch } from '../core/dispatch.js';
import { Session } from '../core/session.js';
import { requireSafeSqlite } from '../core/db/sqlite-version.js';
import { APP_ENTRY_URL, APP_SCHEME, isTrustedUrl } from './app-url.js';
import { registerIpc } from './ipc.js';
import { createMenuTemplate } from './menu.js';
import {
  importWorkerPath,
  nativeBindingPath,
  preloadPath,
  questionWorkerPath,
  rendererDir,
  type AppLocation,
} from './paths.js';
import { questionsInWorkers, type QuestionRunner } from '../core/kpi/question-runner.js';
import { importInWorker } from '../core/import/run-import.js';
import { electronPdfPrinter } from './print-pdf.js';
import { createAppProtocolHandler } from './protocol.js';
import { hardenSession, hardenWebContents } from './security.js';
import { createWindowOptions } from './window-options.js';

// Privileges can only be granted before 'ready'. `standard` gives app://kinerja a real origin
// (so CSP 'self' and the same-origin checks mean something), `secure` makes it a secure
// context, and `corsEnabled`/`supportFetchAPI` let the module scripts Vite emits load.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
]);
// Sandbox every renderer, including any a future code path might create without the options.
app.enableSandbox();

/** What each dialog offers: the file types Kinerja reads or writes for that purpose. */
const dialogFilters = {
  import: [
    { name: 'CSV, Excel', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xls'] },
    { name: '*', extensions: ['*'] },
  ],
  workspace: [{ name: 'Kinerja', extensions: ['kinerja'] }],
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
} satisfies Record<string, Electron.FileFilter[]>;

function fail(title: string, message: string): void {
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

/**
 * Loads the Electron-ABI better-sqlite3 once at startup, so that a missing or mismatched
 * build, or one with a SQLite older than MIN_SQLITE_VERSION, is reported with the fix at
 * launch rather than as an error when the user first opens a workspace.
 */
function checkNativeBinding(location: AppLocation, binding: string): string | null {
  let probe: Database.Database;
  try {
    probe = new Database(':memory:', { nativeBinding: binding });
  } catch (e) {
    const reason = (e as Error).message;
    return location.isPackaged
      ? `The database engine could not be loaded (${binding}): ${reason}\n\nReinstall Kinerja.`
      : `The Electron build of better-sqlite3 could not be loaded (${binding}): ${reason}\n\n` +
          'Run `node scripts/prepare-electron-native.mjs` (npm start does this); ' +
          'if it is stale, delete .electron-native/ first.';
  }
  // A SQLite that can corrupt a workspace is refused at launch, not at the first open.
  try {
    requireSafeSqlite(probe);
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    probe.close();
  }
}

function start(): void {
  const location: AppLocation = {
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
  };
  const binding = nativeBindingPath(location);
  // Workspace files live wherever the user chooses (the renderer asks for the path). The place
  // to suggest for new ones is app.getPath('documents')/Kinerja: that is where non-technical
  // users look for their files and what their backups usually cover.
  const workspaces = new Session(
    { nativeBinding: binding },
    { program: 'the Kinerja app', lockOnOpen: true },
  );
  let mainWindow: BrowserWindow | null = null;
  let unregisterIpc: (() => void) | null = null;
  let questions: QuestionRunner | null = null;

  /**
   * Every window, the hidden one that prints PDFs included, is made here with the settings
   * of createWindowOptions. electronegativity only reads options written inside the
   * `new BrowserWindow(...)` call, so it cannot see them and reports contextIsolation, sandbox
   * and middle-click as unset: test/electron/window-options.test.ts and
   * security-checklist.test.ts check the real options, and a middle-click is a new-window
   * request, which hardenWebContents denies.
   */
  const appWindow = (devTools: boolean): BrowserWindow => {
    const options = createWindowOptions({
      preloadPath: preloadPath(location),
      devTools,
      allowedCalls: callNames,
    });
    return new BrowserWindow(options); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  };

  const createWindow = (): void => {
    const win = appWindow(!app.isPackaged);
    mainWindow = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((e: unknown) => {
      fail('Kinerja could not start', `The app page did not load: ${(e as Error).message}`);
    });
  };

  app.on('second-instance', () => {
    // Two processes writing the same workspace file would fight over it; focus the first instead.
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    // hardenWebContents hands over https URLs only (isSafeExternalUrl), which electronegativity
    // cannot follow into security.ts, so its review note on openExternal is switched off here.
    hardenWebContents(contents, (url) => shell.openExternal(url)); // eng-disable OPEN_EXTERNAL_JS_CHECK
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    unregisterIpc?.();
    void questions?.close();
    // Closing checkpoints the WAL, so the workspace is a single self-contained file again.
    workspaces.close();
  });

  app
    .whenReady()
    .then(() => {
      const problem = checkNativeBinding(location, binding);
      if (problem) return fail('Kinerja could not start', problem);
      const pages = rendererDir(location);
      if (!fs.existsSync(path.join(pages, 'index.html'))) {
        return fail(
          'Kinerja could not start',
          `The renderer is not built (${pages} is missing); run npm run build`,
        );
      }
      hardenSession(session.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(pages));
      unregisterIpc = registerIpc(
        ipcMain,
        createDispatch(
          {
            session: workspaces,
            imports: importInWorker(importWorkerPath(location), binding),
            questions: (questions = questionsInWorkers(questionWorkerPath(location), binding)),
            baseDir: app.getPath('home'),
            // PDFs: the print page in a hidden window with the main window's own protections.
            printPdf: electronPdfPrinter(() => appWindow(false), APP_ENTRY_URL),
            pickFile: async (purpose) => {
              const options: Electron.OpenDialogOptions = {
                properties: ['openFile'],
                filters: dialogFilters[purpose],
              };
              const picked = mainWindow
                ? await dialog.showOpenDialog(mainWindow, options)
                : await dialog.showOpenDialog(options);
              return picked.canceled || !picked.filePaths[0] ? null : { path: picked.filePaths[0] };
            },
            saveFile: async (purpose, defaultName) => {
              const options: Electron.SaveDialogOptions = {
                defaultPath: path.join(app.getPath('documents'), defaultName),
                filters: dialogFilters[purpose],
                properties: ['createDirectory', 'showOverwriteConfirmation'],
              };
              const saved = mainWindow
                ? await dialog.showSaveDialog(mainWindow, options)
                : await dialog.showSaveDialog(options);
              return saved.canceled || !saved.filePath ? null : { path: saved.filePath };
            },
          },
          (e) => console.error('Internal error while handling a call:', e),
        ),
        isTrustedUrl,
      );
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          createMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform }),
        ),
      );
      createWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    })
    .catch((e: unknown) => fail('Kinerja could not start', String((e as Error)?.stack ?? e)));
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
