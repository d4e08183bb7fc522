/**
 * Desktop notifications and keeping the display awake, through the ports
 * Electron's Notification, BrowserWindow focus and powerSaveBlocker fill in
 * electron/desktop-ports.ts, and through the IPC channels that reach them.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers, type CorePorts } from '../../electron/core/handlers';
import { createKeepAwake, type PowerSaveBlockerPort } from '../../electron/core/keep-awake';
import { createNotifier, type NotifierPorts } from '../../electron/core/notifier';
import { createSettingsStore } from '../../electron/core/settings';

async function handlersWith(ports: Partial<CorePorts>) {
  const dir = await mkdtemp(join(tmpdir(), 'traverse-desktop-'));
  return createHandlers({
    settings: createSettingsStore(dir),
    app: { version: '1', platform: 'linux' },
    embeddedSignalingUrl: () => '',
    ...ports,
  });
}

function fakeDesktop(focused: boolean) {
  const shown: { title: string; body: string }[] = [];
  const clicks: (() => void)[] = [];
  let focusCalls = 0;
  const ports: NotifierPorts = {
    isSupported: () => true,
    isWindowFocused: () => focused,
    show: (notice, onClick) => {
      shown.push(notice);
      clicks.push(onClick);
    },
    focusWindow: () => {
      focusCalls++;
    },
  };
  return {
    ports,
    shown,
    clicks,
    focusCalls: () => focusCalls,
    setFocused: (f: boolean) => (focused = f),
  };
}

describe('desktop notifications', () => {
  it('are shown only while our window is not focused', async () => {
    const desktop = fakeDesktop(true);
    const handlers = await handlersWith({ notifier: createNotifier(desktop.ports) });
    const notice = { title: 'Ben joined', body: 'Ben joined the call in room standup.' };
    expect(await dispatch(handlers, 'notify', notice)).toEqual({
      ok: true,
      value: { shown: false, reason: 'window-focused' },
    });
    expect(desktop.shown).toEqual([]);
    desktop.setFocused(false);
    expect(await dispatch(handlers, 'notify', notice)).toEqual({ ok: true, value: { shown: true, reason: 'shown' } });
    expect(desktop.shown).toEqual([notice]);
  });

  it('clicking one brings our window to the front', () => {
    const desktop = fakeDesktop(false);
    createNotifier(desktop.ports).notify({ title: 'Call dropped', body: 'x' });
    desktop.clicks[0]!();
    expect(desktop.focusCalls()).toBe(1);
  });

  it('say so where the system has no notifications, and without a notifier', async () => {
    const desktop = fakeDesktop(false);
    const unsupported = createNotifier({ ...desktop.ports, isSupported: () => false });
    expect(unsupported.notify({ title: 'a', body: 'b' })).toEqual({ shown: false, reason: 'unsupported' });
    expect(desktop.shown).toEqual([]);
    expect(await dispatch(await handlersWith({}), 'notify', { title: 'a', body: 'b' })).toEqual({
      ok: true,
      value: { shown: false, reason: 'unsupported' },
    });
  });

  it('refuse titles and bodies beyond the contract, and extra fields', async () => {
    const desktop = fakeDesktop(false);
    const handlers = await handlersWith({ notifier: createNotifier(desktop.ports) });
    for (const bad of [
      { title: '', body: 'b' },
      { title: 'x'.repeat(121), body: 'b' },
      { title: 'a', body: 'x'.repeat(401) },
      { title: 'a', body: 'b', icon: 'file:///etc/passwd' },
      { title: 'a' },
    ]) {
      expect(await dispatch(handlers, 'notify', bad), JSON.stringify(bad).slice(0, 40)).toMatchObject({ ok: false });
    }
    expect(desktop.shown).toEqual([]);
  });
});

/** A powerSaveBlocker that keeps blockers as Electron does: ids, started until stopped. */
function fakeBlocker() {
  const started = new Map<number, string>();
  let next = 1;
  const blocker: PowerSaveBlockerPort = {
    start: (type) => {
      started.set(next, type);
      return next++;
    },
    stop: (id) => started.delete(id),
    isStarted: (id) => started.has(id),
  };
  return { blocker, started };
}

describe('keeping the display awake', () => {
  it('call:active true starts one display-sleep blocker however often it is said; false stops it', async () => {
    const { blocker, started } = fakeBlocker();
    const keepAwake = createKeepAwake(blocker);
    const handlers = await handlersWith({ keepAwake });
    expect(await dispatch(handlers, 'call:active', { active: true })).toEqual({ ok: true, value: { awake: true } });
    expect(await dispatch(handlers, 'call:active', { active: true })).toEqual({ ok: true, value: { awake: true } });
    expect([...started.values()]).toEqual(['prevent-display-sleep']);
    expect(await dispatch(handlers, 'call:active', { active: false })).toEqual({ ok: true, value: { awake: false } });
    expect(await dispatch(handlers, 'call:active', { active: false })).toEqual({ ok: true, value: { awake: false } });
    expect(started.size).toBe(0);
    expect(keepAwake.isAwake()).toBe(false);
  });

  it('is released when the window closes, and starts again for the next call', () => {
    const { blocker, started } = fakeBlocker();
    const keepAwake = createKeepAwake(blocker);
    keepAwake.set(true);
    keepAwake.release();
    expect(started.size).toBe(0);
    expect(keepAwake.isAwake()).toBe(false);
    keepAwake.release();
    expect(keepAwake.set(true)).toBe(true);
    expect(started.size).toBe(1);
  });

  it('starts a new blocker if the system dropped the old one', () => {
    const { blocker, started } = fakeBlocker();
    const keepAwake = createKeepAwake(blocker);
    keepAwake.set(true);
    started.clear();
    expect(keepAwake.isAwake()).toBe(false);
    expect(keepAwake.set(true)).toBe(true);
    expect(started.size).toBe(1);
  });

  it('without a blocker the call is not kept awake, and says so', async () => {
    expect(await dispatch(await handlersWith({}), 'call:active', { active: true })).toEqual({
      ok: true,
      value: { awake: false },
    });
    expect(await dispatch(await handlersWith({}), 'call:active', { active: 'yes' })).toMatchObject({ ok: false });
  });
});
