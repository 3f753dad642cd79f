import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge, readAllowedCalls } from './bridge.js';

// Sandboxed preloads may only require 'electron'; everything else is bundled in by esbuild.
// Two functions are exposed, invoke and pathForFile: ipcRenderer itself never reaches the page.
contextBridge.exposeInMainWorld(
  'kinerja',
  createBridge(ipcRenderer, readAllowedCalls(process.argv), (file: File) => webUtils.getPathForFile(file)),
);
