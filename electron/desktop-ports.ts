/**
 * Electron's side of screen sharing, desktop notifications and keeping the
 * display awake: desktopCapturer, Notification, window focus and
 * powerSaveBlocker plugged into the core (core/display-media.ts, notifier.ts,
 * keep-awake.ts), which decides everything. Runs after app ready.
 */
import {
  BrowserWindow,
  desktopCapturer,
  Notification,
  powerSaveBlocker,
  session,
  webContents,
  type DesktopCapturerSource,
  type WebFrameMain,
} from 'electron';
import { MAX_SCREEN_SOURCES, screenPickerEventSchema, screenSourceSchema, type ScreenSource } from '../shared/ipc';
import { createDisplayMediaPicker, installDisplayMediaHandler, type DisplayMediaPicker } from './core/display-media';
import { createKeepAwake, type KeepAwake } from './core/keep-awake';
import { createNotifier, type Notifier } from './core/notifier';

const THUMBNAIL = { width: 320, height: 180 };

/** One desktopCapturer source as the picker shows it; a thumbnail the contract refuses is left out. */
function toScreenSource(source: DesktopCapturerSource): ScreenSource {
  const kind = source.id.startsWith('screen:') ? 'screen' : 'window';
  const thumbnail = source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL();
  const withPicture = screenSourceSchema.safeParse({ id: source.id, name: source.name.slice(0, 256), kind, thumbnail });
  return withPicture.success
    ? withPicture.data
    : screenSourceSchema.parse({ id: source.id, name: source.name.slice(0, 256), kind, thumbnail: null });
}

export interface Desktop {
  picker: DisplayMediaPicker<WebFrameMain>;
  notifier: Notifier;
  keepAwake: KeepAwake;
  /** Our window closed or its page went away: a waiting pick is refused and the display may sleep. */
  pageGone(): void;
}

export function installDesktop(options: {
  ourWindows: ReadonlySet<number>;
  focusWindow: () => void;
  log: (message: string) => void;
}): Desktop {
  const { ourWindows, log } = options;
  const picker = createDisplayMediaPicker<WebFrameMain>({
    senderOf: (frame) => {
      const contents = webContents.fromFrame(frame);
      return contents
        ? { webContentsId: contents.id, isMainFrame: contents.mainFrame === frame, url: frame.url }
        : null;
    },
    ourWindows,
    getSources: async () => {
      const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL });
      return sources.slice(0, MAX_SCREEN_SOURCES).map(toScreenSource);
    },
    send: (id, event) => {
      const contents = webContents.fromId(id);
      if (!contents || contents.isDestroyed()) return false;
      contents.send('screen:picker', screenPickerEventSchema.parse(event));
      return true;
    },
    log,
  });
  // macOS 15+ has a system picker (Electron falls back to our handler where it has none).
  installDisplayMediaHandler(session.defaultSession, picker, { useSystemPicker: process.platform === 'darwin' });

  // Notifications are kept referenced until closed, so a click still reaches its listener.
  const open = new Set<Notification>();
  const notifier = createNotifier({
    isSupported: () => Notification.isSupported(),
    isWindowFocused: () => {
      const focused = BrowserWindow.getFocusedWindow();
      return focused !== null && ourWindows.has(focused.webContents.id);
    },
    show: ({ title, body }, onClick) => {
      const notification = new Notification({ title, body });
      open.add(notification);
      notification.on('click', onClick);
      notification.on('close', () => open.delete(notification));
      notification.show();
    },
    focusWindow: options.focusWindow,
  });
  const keepAwake = createKeepAwake(powerSaveBlocker);
  return {
    picker,
    notifier,
    keepAwake,
    pageGone: () => {
      picker.release();
      keepAwake.release();
    },
  };
}
