/**
 * Finding 7 (issue 14): a static TURN password in settings.json. The file's schema
 * refuses it; a hand-edited file that has one is moved into the vault (real AES-GCM
 * port, as the harness uses) with a notice; settings:get never returns one.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';
import { fileCredentialMover } from '../../electron/core/settings-credentials';
import { createVault } from '../../electron/core/vault';
import { settingsSchema } from '../../shared/config';
import { createAesSecretStorage } from '../harness/aes-secret-storage';

const PASSWORD = 'hunter2-static-turn-password';
let dir: string;

const handEdited = {
  ice: {
    mode: 'manual',
    servers: [
      { urls: 'stun:stun.example.org:3478' },
      { urls: 'turn:turn.example.org:3478', username: 'alice', credential: PASSWORD },
    ],
  },
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traverse-settings-cred-'));
});

function vault(backend = 'gnome_libsecret') {
  return createVault({
    dir,
    storage: createAesSecretStorage(backend),
    acceptsWeakStorage: () => Promise.resolve(false),
  });
}

describe('credentials in settings.json', () => {
  it('the settings file schema refuses a TURN credential', () => {
    const parsed = settingsSchema.safeParse(handEdited);
    expect(parsed.success).toBe(false);
  });

  it('a hand-edited file with one: the password moves into the vault, the file loses it, the person is told', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify(handEdited));
    const notices: string[] = [];
    // As in main: the vault asks the settings whether weak storage is accepted, while they load.
    const v = createVault({
      dir,
      storage: createAesSecretStorage('gnome_libsecret'),
      acceptsWeakStorage: async () => (await store.get()).acceptWeakSecretStorage,
    });
    const store = createSettingsStore(dir, undefined, undefined, {
      moveCredentials: fileCredentialMover(v),
      notice: (n) => notices.push(n),
    });
    const settings = await store.get();
    expect(JSON.stringify(settings)).not.toContain(PASSWORD);
    expect(settings.ice.servers[1]).toEqual({ urls: 'turn:turn.example.org:3478', username: 'alice' });
    expect(await v.get('manual-turn:1')).toBe(PASSWORD);
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain(PASSWORD);
    expect(notices.join(' ')).toMatch(/turn:turn\.example\.org:3478.*moved it into secure storage/);
  });

  it('settings:get never returns one, and the other settings in the file are kept', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...handEdited, displayName: 'Alice' }));
    const v = vault();
    const settings = createSettingsStore(dir, undefined, undefined, { moveCredentials: fileCredentialMover(v) });
    const handlers = createHandlers({
      settings,
      vault: v,
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => '',
    });
    const got = await dispatch(handlers, 'settings:get', null);
    expect(got.ok).toBe(true);
    expect(JSON.stringify(got)).not.toContain(PASSWORD);
    expect(got).toMatchObject({ value: { displayName: 'Alice' } });
  });

  it('without secure storage the password is not used, the file is left for the person, and the notice says what to do', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify(handEdited));
    const notices: string[] = [];
    const store = createSettingsStore(dir, undefined, undefined, {
      moveCredentials: fileCredentialMover(vault('basic_text')),
      notice: (n) => notices.push(n),
    });
    const settings = await store.get();
    expect(JSON.stringify(settings)).not.toContain(PASSWORD);
    expect(notices.join(' ')).toMatch(/could not be moved.*Remove "credential" from settings\.json/);
  });
});
