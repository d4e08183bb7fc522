/** Registers the core's handler table on ipcMain: sender check, then zod parse (in dispatch). */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels } from '../shared/ipc';
import { dispatch } from './core/dispatch';
import { isTrustedSender } from './core/guards';
import type { Handlers } from './core/handlers';

export function registerIpc(handlers: Handlers, ourWindows: ReadonlySet<number>): void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted =
        frame !== null &&
        isTrustedSender(
          { webContentsId: event.sender.id, isMainFrame: frame === event.sender.mainFrame, url: frame.url },
          ourWindows,
        );
      if (!trusted) return { ok: false, error: 'Refused: IPC from a frame Traverse did not create' };
      return dispatch(handlers, channel, payload);
    });
  }
}
