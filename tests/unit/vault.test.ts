/** The vault (real AES-GCM port, as the harness uses) and the handlers around it: ciphertext only, weak storage refused, nothing comes back out. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';
import { createVault, type SecretStoragePort } from '../../electron/core/vault';
import { createAesSecretStorage } from '../harness/aes-secret-storage';

let dir: string;
const key = randomBytes(32);
const TOKEN = `cf-token-${randomBytes(12).toString('hex')}`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traverse-vault-'));
});

async function filesText(): Promise<string> {
  const names = await readdir(dir);
  return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
}

function vaultWith(storage: SecretStoragePort, acceptWeak = false) {
  return createVault({ dir, storage, acceptsWeakStorage: () => Promise.resolve(acceptWeak) });
}

describe('vault', () => {
  it('stores ciphertext only, reads it back in the main process, and survives a restart with the same key', async () => {
    const vault = vaultWith(createAesSecretStorage('gnome_libsecret', key));
    const status = await vault.set('cloudflare-api-token', TOKEN);
    expect(status.set).toEqual(['cloudflare-api-token']);
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    expect(await filesText()).not.toContain(TOKEN);
    expect(await filesText()).toContain('cloudflare-api-token');
    expect(await vaultWith(createAesSecretStorage('gnome_libsecret', key)).get('cloudflare-api-token')).toBe(TOKEN);
    // Another key (a lost keyring) cannot read it: unset, not garbage.
    expect(await vaultWith(createAesSecretStorage('gnome_libsecret')).get('cloudflare-api-token')).toBeUndefined();
    await vault.clear('cloudflare-api-token');
    expect((await vault.status()).set).toEqual([]);
    expect(await vault.get('cloudflare-api-token')).toBeUndefined();
  });

  it('on Linux basic_text refuses secrets until the person accepts weaker storage, saying why', async () => {
    const refusing = vaultWith(createAesSecretStorage('basic_text', key));
    const status = await refusing.status();
    expect(status.storage).toMatchObject({ backend: 'basic_text', weak: true, acceptedWeak: false });
    expect(status.storage.problem?.cause).toMatch(/no keyring/);
    await expect(refusing.set('turn-shared-secret', 'x')).rejects.toThrow(/Secrets were not stored: .*no keyring/);
    expect(await readdir(dir)).toEqual([]);
    const accepting = vaultWith(createAesSecretStorage('basic_text', key), true);
    expect((await accepting.set('turn-shared-secret', 'x')).set).toEqual(['turn-shared-secret']);
  });

  it('refuses when the OS has no encryption available', async () => {
    const storage = {
      ...createAesSecretStorage('kwallet5', key),
      isAsyncEncryptionAvailable: () => Promise.resolve(false),
    };
    await expect(vaultWith(storage).set('turn-shared-secret', 'x')).rejects.toThrow(
      /cannot be stored on this computer/,
    );
  });
});

describe('secrets through the handler table', () => {
  function handlers() {
    const settings = createSettingsStore(dir);
    const vault = createVault({
      dir,
      storage: createAesSecretStorage('gnome_libsecret', key),
      acceptsWeakStorage: () => Promise.resolve(false),
    });
    return createHandlers({
      settings,
      vault,
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => 'http://127.0.0.1:1',
    });
  }

  it('secrets:set/clear/status never return a value; refused names are refused', async () => {
    const h = handlers();
    const set = await dispatch(h, 'secrets:set', { name: 'cloudflare-api-token', value: TOKEN });
    expect(set).toMatchObject({ ok: true, value: { set: ['cloudflare-api-token'] } });
    expect(JSON.stringify(set)).not.toContain(TOKEN);
    expect(JSON.stringify(await dispatch(h, 'secrets:status', null))).not.toContain(TOKEN);
    expect(await dispatch(h, 'secrets:set', { name: 'ssh-key', value: 'x' })).toMatchObject({ ok: false });
    expect(await dispatch(h, 'secrets:get', { name: 'cloudflare-api-token' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unknown channel') as string,
    });
    expect(await dispatch(h, 'secrets:clear', { name: 'cloudflare-api-token' })).toMatchObject({
      ok: true,
      value: { set: [] },
    });
  });

  it('a manual TURN password given with the settings goes to the vault, never the settings file, and follows its entry', async () => {
    const h = handlers();
    const ice = (await dispatch(h, 'settings:get', null)) as { ok: true; value: { ice: Record<string, unknown> } };
    const turn = { urls: 'turn:turn.example.org:3478', username: 'ana', credential: 'static-pw-1' };
    const saved = await dispatch(h, 'settings:set', {
      ice: { ...ice.value.ice, servers: [{ urls: 'stun:stun.example.org:3478' }, turn] },
    });
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved)).not.toContain('static-pw-1');
    expect(await filesText()).not.toContain('static-pw-1');
    expect(await dispatch(h, 'secrets:status', null)).toMatchObject({ ok: true, value: { set: ['manual-turn:1'] } });
    const got = await dispatch(h, 'ice:get', null);
    expect(got).toMatchObject({ ok: true, value: { source: 'manual', error: null } });
    // A new password for the same entry reaches the next call start (the manual list never expires, so this needs no wait).
    await dispatch(h, 'settings:set', {
      ice: {
        ...ice.value.ice,
        servers: [{ urls: 'stun:stun.example.org:3478' }, { ...turn, credential: 'static-pw-2' }],
      },
    });
    const again = await dispatch(h, 'ice:get', null);
    expect(again.ok && 'iceServers' in again.value && again.value.iceServers[1]).toMatchObject({
      credential: 'static-pw-2',
    });
    // Remove the STUN row: the password moves with its TURN entry to index 0.
    const withoutPassword = { urls: turn.urls, username: turn.username };
    expect(await dispatch(h, 'settings:set', { ice: { ...ice.value.ice, servers: [withoutPassword] } })).toMatchObject({
      ok: true,
    });
    expect(await dispatch(h, 'secrets:status', null)).toMatchObject({ ok: true, value: { set: ['manual-turn:0'] } });
  });

  it('a TURN entry without credentials is refused with the reason', async () => {
    const h = handlers();
    const ice = (await dispatch(h, 'settings:get', null)) as { ok: true; value: { ice: Record<string, unknown> } };
    expect(
      await dispatch(h, 'settings:set', { ice: { ...ice.value.ice, servers: [{ urls: 'turn:t.example.org:3478' }] } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('has no username: TURN servers refuse anonymous clients') as string,
    });
    expect(
      await dispatch(h, 'settings:set', {
        ice: { ...ice.value.ice, servers: [{ urls: 'turn:t.example.org:3478', username: 'u' }] },
      }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('turn:t.example.org:3478 has no password') as string,
    });
  });
});
