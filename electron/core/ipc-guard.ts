/**
 * The check in front of every IPC handler: only the top frame of a window we
 * created, showing our own scheme, may call the core. Electron's invoke event
 * is passed in as a port so the check is tested in plain Node.
 */
import type { IpcChannel, IpcResult } from '../../shared/ipc';
import { dispatch } from './dispatch';
import { isTrustedSender } from './guards';
import type { Handlers } from './handlers';

/** The slice of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEvent {
  sender: { id: number; mainFrame: unknown };
  /** Null when the frame navigated away or was destroyed before the message arrived. */
  senderFrame: { url: string } | null;
}

export const REFUSED_SENDER = 'Refused: IPC from a frame Traverse did not create';

/** True when the message comes from the top frame of one of our windows, on our scheme. */
export function isTrustedInvoke(event: InvokeEvent, ourWindows: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null &&
    isTrustedSender(
      { webContentsId: event.sender.id, isMainFrame: frame === event.sender.mainFrame, url: frame.url },
      ourWindows,
    )
  );
}

/** The function ipcMain.handle registers for one channel: sender check first, then zod parse and the handler. */
export function guardedHandler(
  handlers: Handlers,
  channel: IpcChannel,
  ourWindows: ReadonlySet<number>,
): (event: InvokeEvent, payload: unknown) => Promise<IpcResult<IpcChannel>> {
  return async (event, payload) => {
    if (!isTrustedInvoke(event, ourWindows)) return { ok: false, error: REFUSED_SENDER };
    return dispatch(handlers, channel, payload);
  };
}
