/**
 * The desktop side of one harness profile, with the same core the main process
 * uses (core/display-media.ts, notifier.ts, keep-awake.ts) over honest ports:
 * notifications and display-sleep blockers are recorded instead of shown, and
 * the screen picker lists made-up sources (fake-screens.ts). A test reads the
 * records and starts a pick through the harness's /__harness/desktop routes.
 * The page's own getDisplayMedia never comes here: Chromium picks for it.
 */
import { createDisplayMediaPicker, type GrantedStreams } from '../../electron/core/display-media';
import { createKeepAwake, type KeepAwake } from '../../electron/core/keep-awake';
import { createNotifier, type Notifier } from '../../electron/core/notifier';
import type { ScreenPickerEvent } from '../../shared/ipc';
import { fakeScreenSources } from './fake-screens';

/** The harness page stands for our one window. */
const PAGE = { webContentsId: 1, isMainFrame: true, url: 'app://traverse/index.html' };

export interface DesktopRecord {
  /** Every notification the core decided to show, in order. */
  notifications: { title: string; body: string; at: number }[];
  /** Whether a display-sleep blocker is held now, and each change. */
  awake: boolean;
  awakeChanges: boolean[];
  /** What each pick the test started ended with: the granted source, or null (refused). */
  picks: (GrantedStreams | null)[];
}

export interface HarnessDesktop {
  notifier: Notifier;
  keepAwake: KeepAwake;
  picker: ReturnType<typeof createDisplayMediaPicker<typeof PAGE>>;
  /** A getDisplayMedia request as Electron would hand it to the core, from our page. */
  requestPick(): void;
  /** The page went away (its last event stream closed), as main.ts's did-start-loading. */
  pageGone(): void;
  record(): DesktopRecord;
}

export function createHarnessDesktop(push: (event: ScreenPickerEvent) => boolean): HarnessDesktop {
  const notifications: DesktopRecord['notifications'] = [];
  const awakeChanges: boolean[] = [];
  const picks: DesktopRecord['picks'] = [];
  // The harness has no window to ask about focus: the page only asks while document.hasFocus() is false.
  const notifier = createNotifier({
    isSupported: () => true,
    isWindowFocused: () => false,
    show: ({ title, body }) => notifications.push({ title, body, at: Date.now() }),
    focusWindow: () => {},
  });
  // A blocker that blocks nothing here but keeps ids exactly as powerSaveBlocker does.
  const started = new Set<number>();
  let nextId = 1;
  const keepAwake = createKeepAwake({
    start: () => {
      started.add(nextId);
      awakeChanges.push(true);
      return nextId++;
    },
    stop: (id) => {
      const stopped = started.delete(id);
      if (stopped) awakeChanges.push(false);
      return stopped;
    },
    isStarted: (id) => started.has(id),
  });
  const picker = createDisplayMediaPicker<typeof PAGE>({
    senderOf: (frame) => frame,
    ourWindows: new Set([PAGE.webContentsId]),
    getSources: () => Promise.resolve(fakeScreenSources()),
    send: (_id, event) => push(event),
  });
  return {
    notifier,
    keepAwake,
    picker,
    requestPick: () =>
      picker.handle(
        { frame: PAGE, securityOrigin: 'app://traverse', videoRequested: true, audioRequested: false },
        (g) => picks.push(g),
      ),
    pageGone: () => {
      picker.release();
      keepAwake.release();
    },
    record: () => ({
      notifications: [...notifications],
      awake: keepAwake.isAwake(),
      awakeChanges: [...awakeChanges],
      picks: [...picks],
    }),
  };
}
