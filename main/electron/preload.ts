import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, readAllowedCalls } from './bridge.js';

// Sandboxed preloads may only require 'electron'; everything else is bundled in by esbuild.
// Exactly one function is exposed: ipcRenderer itself never reaches the page.
contextBridge.exposeInMainWorld('kinerja', createBridge(ipcRenderer, readAllowedCalls(process.argv)));
