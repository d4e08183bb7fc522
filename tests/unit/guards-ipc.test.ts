/**
 * The sender check in front of every IPC handler, with the real handler table
 * and a real settings file: a trusted frame changes settings, an untrusted one
 * changes nothing. Also the relay-only settings watch that drives the WebRTC
 * IP policy.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, webRtcIpPolicy } from '../../electron/core/guards';
import { createHandlers, type Handlers } from '../../electron/core/handlers';
import { guardedHandler, REFUSED_SENDER, type InvokeEvent } from '../../electron/core/ipc-guard';
import { createSettingsStore, type SettingsStore } from '../../electron/core/settings';
import { watchSettings } from '../../electron/core/settings-watch';

const OUR_ID = 3;
const ourWindows = new Set([OUR_ID]);
const mainFrame = { url: `${APP_ORIGIN}/index.html` };

let settings: SettingsStore;
let handlers: Handlers;

beforeEach(async () => {
  settings = createSettingsStore(await mkdtemp(join(tmpdir(), 'traverse-ipc-guard-')));
  handlers = createHandlers({
    settings,
    app: { version: '1.0.0', platform: 'linux' },
    embeddedSignalingUrl: () => 'http://127.0.0.1:4455',
  });
});

/** An invoke event; a sub-frame gets its own frame object, since identity with mainFrame marks the top frame. */
function event(overrides: { id?: number; frame?: { url: string } | null; subFrame?: boolean } = {}): InvokeEvent {
  const frame = overrides.frame === undefined ? mainFrame : overrides.frame;
  const senderFrame = overrides.subFrame ? { url: frame?.url ?? '' } : frame;
  return { sender: { id: overrides.id ?? OUR_ID, mainFrame }, senderFrame };
}

/** Asks to turn relay-only on, as the renderer would, from the frame described by `e`. */
const setRelayOnly = (e: InvokeEvent) => guardedHandler(handlers, 'settings:set', ourWindows)(e, { relayOnly: true });

describe('IPC sender check', () => {
  it('serves the top frame of our window', async () => {
    expect(await setRelayOnly(event())).toMatchObject({ ok: true, value: { relayOnly: true } });
    expect((await settings.get()).relayOnly).toBe(true);
  });

  it.each([
    ['a webContents we did not create', event({ id: 99 })],
    ['a sub-frame of our window', event({ subFrame: true })],
    ['a sub-frame from another origin', event({ subFrame: true, frame: { url: 'https://evil.example/' } })],
    ['our window after it left our scheme', event({ frame: { url: 'https://evil.example/' } })],
    ['a frame that is already gone', event({ frame: null })],
  ])('refuses %s and changes nothing', async (_name, e) => {
    expect(await setRelayOnly(e)).toEqual({ ok: false, error: REFUSED_SENDER });
    expect((await settings.get()).relayOnly).toBe(false);
  });

  it('still parses the payload of a trusted sender', async () => {
    const result = await guardedHandler(handlers, 'settings:set', ourWindows)(event(), { relayOnly: 'yes' });
    expect(result).toMatchObject({ ok: false });
    expect((await settings.get()).relayOnly).toBe(false);
  });
});

describe('relay-only drives the WebRTC IP policy', () => {
  it('reports every settings value read or saved, so the policy follows the toggle', async () => {
    const policies: string[] = [];
    const watched = watchSettings(settings, (s) => policies.push(webRtcIpPolicy(s.relayOnly)));
    const watchedHandlers = createHandlers({
      settings: watched,
      app: { version: '1', platform: 'linux' },
      embeddedSignalingUrl: () => '',
    });
    await guardedHandler(watchedHandlers, 'settings:set', ourWindows)(event(), { relayOnly: true });
    expect(policies.at(-1)).toBe('default_public_interface_only');
    await guardedHandler(watchedHandlers, 'settings:set', ourWindows)(event(), { relayOnly: false });
    expect(policies.at(-1)).toBe('default');
    // A refused sender cannot flip it.
    await guardedHandler(watchedHandlers, 'settings:set', ourWindows)(event({ id: 42 }), { relayOnly: true });
    expect(policies.at(-1)).toBe('default');
    expect((await watched.get()).relayOnly).toBe(false);
  });
});
