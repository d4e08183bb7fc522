/**
 * The display-media handler (core/display-media.ts) through its ports, as
 * Electron would call it: a getDisplayMedia request from a frame, the picker
 * pushed to that window, the person's answer over IPC, the callback.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDisplayMediaPicker,
  installDisplayMediaHandler,
  type DisplayMediaPorts,
  type DisplayMediaRequest,
  type GrantedStreams,
} from '../../electron/core/display-media';
import { APP_ORIGIN, type SenderFrame } from '../../electron/core/guards';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';
import { screenPickerEventSchema, type ScreenPickerEvent, type ScreenSource } from '../../shared/ipc';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const SOURCES: ScreenSource[] = [
  { id: 'screen:0:0', name: 'Entire Screen', kind: 'screen', thumbnail: PNG },
  { id: 'window:4711:0', name: 'Notes — budget.txt', kind: 'window', thumbnail: null },
];

/** A frame as the fake sees it: which webContents, top or not, what URL. */
type Frame = SenderFrame;
const OUR_TOP: Frame = { webContentsId: 1, isMainFrame: true, url: `${APP_ORIGIN}/index.html` };

function setup(overrides: Partial<DisplayMediaPorts<Frame>> = {}) {
  const pushed: { to: number; event: ScreenPickerEvent }[] = [];
  const logs: string[] = [];
  const picker = createDisplayMediaPicker<Frame>({
    senderOf: (frame) => frame,
    ourWindows: new Set([1]),
    getSources: () => Promise.resolve(SOURCES),
    send: (to, event) => {
      // What crosses to the renderer must match the contract it parses.
      pushed.push({ to, event: screenPickerEventSchema.parse(event) });
      return true;
    },
    timeoutMs: 5_000,
    log: (m) => logs.push(m),
    ...overrides,
  });
  /** Asks as Electron does; resolves with what the callback was given. */
  const ask = (request: Partial<DisplayMediaRequest<Frame>> = {}) =>
    new Promise<GrantedStreams | null>((resolve) =>
      picker.handle(
        { frame: OUR_TOP, securityOrigin: APP_ORIGIN, videoRequested: true, audioRequested: false, ...request },
        resolve,
      ),
    );
  /** Waits until the picker was pushed `count` times. */
  const opened = async (count = 1) => {
    await expect.poll(() => pushed.length).toBeGreaterThanOrEqual(count);
    const event = pushed[count - 1]!.event;
    if (event.type !== 'open') throw new Error(`expected an open, got ${event.type}`);
    return event;
  };
  return { picker, pushed, logs, ask, opened };
}

describe('display media handler', () => {
  it('shows our window the picker with every screen and window, then grants the chosen source', async () => {
    const { picker, pushed, ask, opened } = setup();
    const granted = ask();
    const open = await opened();
    expect(pushed[0]!.to).toBe(1);
    expect(open.sources).toEqual(SOURCES);
    expect(picker.choose({ requestId: open.requestId, sourceId: 'window:4711:0' })).toEqual({ accepted: true });
    expect(await granted).toEqual({ video: { id: 'window:4711:0', name: 'Notes — budget.txt' } });
    // Answered once: a second answer for the same pick is not accepted.
    expect(picker.choose({ requestId: open.requestId, sourceId: 'screen:0:0' })).toEqual({ accepted: false });
  });

  it.each<[string, Partial<DisplayMediaRequest<Frame>>]>([
    ['another origin', { frame: { ...OUR_TOP, url: 'https://evil.example/' }, securityOrigin: 'https://evil.example' }],
    ['a sub-frame of our window', { frame: { ...OUR_TOP, isMainFrame: false } }],
    ['a window we did not create', { frame: { ...OUR_TOP, webContentsId: 9 } }],
    ['a frame already gone', { frame: null }],
    ['a request without video', { videoRequested: false, audioRequested: true }],
  ])('refuses %s without showing any picker or listing sources', async (_name, request) => {
    let listed = 0;
    const { pushed, ask } = setup({ getSources: () => (listed++, Promise.resolve(SOURCES)) });
    expect(await ask(request)).toBeNull();
    expect(pushed).toEqual([]);
    expect(listed).toBe(0);
  });

  it('refuses when the person cancels', async () => {
    const { picker, ask, opened } = setup();
    const granted = ask();
    const open = await opened();
    expect(picker.choose({ requestId: open.requestId, sourceId: null })).toEqual({ accepted: true });
    expect(await granted).toBeNull();
  });

  it('refuses a source id the picker did not offer, and an unknown pick', async () => {
    const { picker, ask, opened } = setup();
    const granted = ask();
    const open = await opened();
    expect(picker.choose({ requestId: open.requestId, sourceId: 'screen:99:0' })).toEqual({ accepted: false });
    expect(picker.choose({ requestId: 'x'.repeat(20), sourceId: 'screen:0:0' })).toEqual({ accepted: false });
    // Still waiting for a real answer.
    expect(picker.choose({ requestId: open.requestId, sourceId: 'screen:0:0' })).toEqual({ accepted: true });
    expect(await granted).toEqual({ video: { id: 'screen:0:0', name: 'Entire Screen' } });
  });

  it('refuses an unanswered pick after the timeout and tells the window to close its picker', async () => {
    const { picker, pushed, ask, opened } = setup({ timeoutMs: 30 });
    const granted = ask();
    const open = await opened();
    expect(await granted).toBeNull();
    expect(pushed[1]?.event).toEqual({ type: 'close', requestId: open.requestId, reason: 'timeout' });
    expect(picker.choose({ requestId: open.requestId, sourceId: 'screen:0:0' })).toEqual({ accepted: false });
  });

  it('a newer request replaces a waiting one, which is refused', async () => {
    const { picker, pushed, ask, opened } = setup();
    const first = ask();
    const firstOpen = await opened(1);
    const second = ask();
    const secondOpen = await opened(3);
    expect(await first).toBeNull();
    expect(pushed[1]?.event).toEqual({ type: 'close', requestId: firstOpen.requestId, reason: 'superseded' });
    picker.choose({ requestId: secondOpen.requestId, sourceId: 'screen:0:0' });
    expect(await second).toEqual({ video: { id: 'screen:0:0', name: 'Entire Screen' } });
  });

  it('refuses when there is nothing to share, the sources cannot be listed, or no page listens', async () => {
    expect(await setup({ getSources: () => Promise.resolve([]) }).ask()).toBeNull();
    const failing = setup({ getSources: () => Promise.reject(new Error('screen recording not allowed')) });
    expect(await failing.ask()).toBeNull();
    expect(failing.logs.join('\n')).toContain('screen recording not allowed');
    expect(await setup({ send: () => false }).ask()).toBeNull();
  });

  it('release() refuses a waiting pick (the window closed)', async () => {
    const { picker, ask, opened } = setup();
    const granted = ask();
    await opened();
    picker.release();
    expect(await granted).toBeNull();
  });

  it('is installed on the session with the system picker where the OS has one, our handler otherwise', () => {
    const installed: { handler?: unknown; opts?: { useSystemPicker: boolean } }[] = [];
    const session = {
      setDisplayMediaRequestHandler: (handler: unknown, opts?: { useSystemPicker: boolean }) =>
        installed.push({ handler, ...(opts ? { opts } : {}) }),
    };
    const { picker } = setup();
    installDisplayMediaHandler(session, picker, { useSystemPicker: true });
    installDisplayMediaHandler(session, picker, { useSystemPicker: false });
    expect(installed.map((i) => i.opts)).toEqual([{ useSystemPicker: true }, { useSystemPicker: false }]);
    expect(installed.every((i) => typeof i.handler === 'function')).toBe(true);
  });

  it('the screen:choose channel reaches the picker; without one it says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-display-media-'));
    const base = { settings: createSettingsStore(dir), app: { version: '1', platform: 'linux' } };
    const { picker, ask, opened } = setup();
    const handlers = createHandlers({ ...base, embeddedSignalingUrl: () => '', screenPicker: picker });
    const granted = ask();
    const open = await opened();
    expect(await dispatch(handlers, 'screen:choose', { requestId: open.requestId, sourceId: 'screen:0:0' })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect(await granted).toEqual({ video: { id: 'screen:0:0', name: 'Entire Screen' } });
    expect(await dispatch(handlers, 'screen:choose', { requestId: open.requestId, sourceId: '../x' })).toMatchObject({
      ok: false,
    });
    const without = createHandlers({ ...base, embeddedSignalingUrl: () => '' });
    expect(await dispatch(without, 'screen:choose', { requestId: open.requestId, sourceId: null })).toMatchObject({
      ok: false,
      error: expect.stringContaining('no screen picker') as string,
    });
  });
});
