/**
 * Screen sharing in the app: answers Electron's display-media requests
 * (getDisplayMedia) for our own window only, with the screens and windows
 * shown in the in-app picker; the person's choice comes back over IPC
 * (`screen:choose`). Electron is passed in as ports, so this runs in Node.
 */
import { randomBytes } from 'node:crypto';
import type { ScreenPickerEvent, ScreenSource } from '../../shared/ipc';
import { errorMessage } from '../../shared/error-message';
import { isTrustedSender, type SenderFrame } from './guards';

/** The part of Electron's DisplayMediaRequestHandlerHandlerRequest we read; F is Electron's WebFrameMain. */
export interface DisplayMediaRequest<F> {
  /** Null when the frame navigated away or was destroyed. */
  frame: F | null;
  securityOrigin: string;
  videoRequested: boolean;
  audioRequested: boolean;
}

/** What the callback grants: one video source from the list, never audio (loopback is Windows-only). */
export interface GrantedStreams {
  video: { id: string; name: string };
}

export interface DisplayMediaPorts<F> {
  /** Which webContents the frame belongs to, whether it is the top frame, and its URL; null when gone. */
  senderOf(frame: F): SenderFrame | null;
  /** Ids of webContents we created. */
  ourWindows: ReadonlySet<number>;
  /** desktopCapturer.getSources for screens and windows, thumbnails as PNG data: URLs. */
  getSources(): Promise<ScreenSource[]>;
  /** Pushes `screen:picker` to one webContents; false when it is gone. */
  send(webContentsId: number, event: ScreenPickerEvent): boolean;
  /** How long the picker waits for an answer; 60 s by default. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface DisplayMediaPicker<F> {
  /** The handler for session.setDisplayMediaRequestHandler. */
  handle(request: DisplayMediaRequest<F>, callback: (streams: GrantedStreams | null) => void): void;
  /** The person's answer (IPC `screen:choose`): a source the pick offered, or null to refuse. */
  choose(answer: { requestId: string; sourceId: string | null }): { accepted: boolean };
  /** Refuses a waiting pick: our window closed or reloaded. */
  release(): void;
}

interface Pending {
  requestId: string;
  webContentsId: number;
  sources: ScreenSource[];
  timer: ReturnType<typeof setTimeout>;
  callback: (streams: GrantedStreams | null) => void;
}

export const PICK_TIMEOUT_MS = 60_000;

export function createDisplayMediaPicker<F>(ports: DisplayMediaPorts<F>): DisplayMediaPicker<F> {
  const log = ports.log ?? (() => {});
  const timeoutMs = ports.timeoutMs ?? PICK_TIMEOUT_MS;
  let pending: Pending | null = null;

  /** Ends the waiting pick with `streams`; tells its window to close the picker when main gave up. */
  function settle(streams: GrantedStreams | null, closeReason?: 'timeout' | 'superseded'): void {
    const current = pending;
    if (!current) return;
    pending = null;
    clearTimeout(current.timer);
    if (closeReason)
      ports.send(current.webContentsId, { type: 'close', requestId: current.requestId, reason: closeReason });
    current.callback(streams);
  }

  async function open(sender: SenderFrame, callback: (streams: GrantedStreams | null) => void): Promise<void> {
    let sources: ScreenSource[];
    try {
      sources = await ports.getSources();
    } catch (error) {
      log(`Screen sharing refused: the screens and windows could not be listed (${errorMessage(error)})`);
      callback(null);
      return;
    }
    if (sources.length === 0) {
      log('Screen sharing refused: the system offered no screen or window to share');
      callback(null);
      return;
    }
    settle(null, 'superseded');
    const requestId = randomBytes(18).toString('base64url');
    const timer = setTimeout(() => {
      log('Screen sharing refused: nobody chose a screen or window in time');
      settle(null, 'timeout');
    }, timeoutMs);
    pending = { requestId, webContentsId: sender.webContentsId, sources, timer, callback };
    if (!ports.send(sender.webContentsId, { type: 'open', requestId, sources, timeoutMs })) {
      log('Screen sharing refused: the window that asked is gone');
      settle(null);
    }
  }

  return {
    handle(request, callback) {
      const sender = request.frame === null ? null : ports.senderOf(request.frame);
      if (!sender || !isTrustedSender(sender, ports.ourWindows)) {
        log(`Screen sharing refused to ${sender?.url ?? request.securityOrigin}: not our window's top frame`);
        callback(null);
        return;
      }
      if (!request.videoRequested) {
        log('Screen sharing refused: the request asked for no video (audio alone is never shared)');
        callback(null);
        return;
      }
      void open(sender, callback);
    },
    choose({ requestId, sourceId }) {
      if (!pending || pending.requestId !== requestId) return { accepted: false };
      if (sourceId === null) {
        settle(null);
        return { accepted: true };
      }
      const source = pending.sources.find((s) => s.id === sourceId);
      if (!source) return { accepted: false };
      settle({ video: { id: source.id, name: source.name } });
      return { accepted: true };
    },
    release: () => settle(null),
  };
}

/** The slice of Electron's Session that takes the handler. */
export interface DisplayMediaSession<F> {
  setDisplayMediaRequestHandler(
    handler: (request: DisplayMediaRequest<F>, callback: (streams: GrantedStreams | null) => void) => void,
    opts?: { useSystemPicker: boolean },
  ): void;
}

/**
 * Installs the picker on the session. With `useSystemPicker` (macOS) the OS's
 * own picker answers where it exists and our handler where it does not; the
 * permission guard (display-capture for our top frame only) applies to both.
 */
export function installDisplayMediaHandler<F>(
  session: DisplayMediaSession<F>,
  picker: DisplayMediaPicker<F>,
  options: { useSystemPicker: boolean },
): void {
  session.setDisplayMediaRequestHandler((request, callback) => picker.handle(request, callback), {
    useSystemPicker: options.useSystemPicker,
  });
}
