/** Registers the core's handler table on ipcMain: sender check (core/ipc-guard), then zod parse (in dispatch). */
import { ipcMain } from 'electron';
import { ipcChannels } from '../shared/ipc';
import { guardedHandler } from './core/ipc-guard';
import type { Handlers } from './core/handlers';

export function registerIpc(handlers: Handlers, ourWindows: ReadonlySet<number>): void {
  for (const channel of ipcChannels) ipcMain.handle(channel, guardedHandler(handlers, channel, ourWindows));
}
