/** The handler table and dispatch, with a real settings file in a temp dir. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers, type Handlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';

let dir: string;
let handlers: Handlers;

function make(embedded = 'http://127.0.0.1:4455'): Handlers {
  return createHandlers({
    settings: createSettingsStore(dir),
    app: { version: '1.2.3', platform: 'linux' },
    embeddedSignalingUrl: () => embedded,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traverse-handlers-'));
  handlers = make();
});

describe('handler table', () => {
  it('app:info points at the embedded server until a signaling URL is set', async () => {
    expect(await dispatch(handlers, 'app:info', null)).toEqual({
      ok: true,
      value: { version: '1.2.3', platform: 'linux', signalingUrl: 'http://127.0.0.1:4455', embeddedSignaling: true },
    });
    await dispatch(handlers, 'settings:set', { signalingUrl: 'https://signal.example.org' });
    const info = await dispatch(handlers, 'app:info', null);
    expect(info).toMatchObject({
      ok: true,
      value: { signalingUrl: 'https://signal.example.org', embeddedSignaling: false },
    });
  });

  it('settings persist to a JSON file and survive a restart', async () => {
    await dispatch(handlers, 'settings:set', { relayOnly: true, displayName: 'Ana' });
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ relayOnly: true, displayName: 'Ana' });
    const restarted = make();
    expect(await dispatch(restarted, 'settings:get', null)).toMatchObject({
      ok: true,
      value: { relayOnly: true, displayName: 'Ana' },
    });
  });

  it('a corrupt settings file falls back to defaults instead of stopping the app', async () => {
    await writeFile(join(dir, 'settings.json'), '{"relayOnly": "yes please"');
    expect(await dispatch(make(), 'settings:get', null)).toMatchObject({
      ok: true,
      value: { relayOnly: false, enabled: true },
    });
  });

  it('ice:get returns the manual list from settings', async () => {
    const result = await dispatch(handlers, 'ice:get', null);
    expect(result).toMatchObject({ ok: true, value: { source: 'manual', expiresAt: null, error: null } });
    if (result.ok && 'iceServers' in result.value) expect(result.value.iceServers).toHaveLength(2);
  });

  it('refuses unknown channels and payloads that break the contract, changing nothing', async () => {
    expect(await dispatch(handlers, 'secrets:dump', null)).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unknown channel') as string,
    });
    expect(await dispatch(handlers, '__proto__', null)).toMatchObject({ ok: false });
    const bad = await dispatch(handlers, 'settings:set', { relayOnly: 'yes' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('relayOnly') as string });
    expect(await dispatch(handlers, 'settings:set', { ice: { ttlSeconds: 10 ** 9 } })).toMatchObject({ ok: false });
    expect(await dispatch(handlers, 'settings:get', null)).toMatchObject({ ok: true, value: { relayOnly: false } });
  });
});
