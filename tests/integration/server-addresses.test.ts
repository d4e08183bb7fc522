/**
 * `servers:resolve` against this machine's real resolver and interfaces: `localhost` resolves to what
 * getent (the same NSS path, outside Node) says, a `.invalid` name (RFC 6761: never resolves) comes
 * back in words, IPv6 is read as /proc/net/if_inet6 shows it, the channel answers over IPC for the
 * servers in settings, and the plan splits `localhost` by family exactly when real DNS gives it both.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { resolveServerAddresses } from '../../electron/core/server-addresses';
import { createSettingsStore } from '../../electron/core/settings';
import { createVault } from '../../electron/core/vault';
import { planServerTests } from '../../shared/ice-test-plan';
import { serverAddressesSchema } from '../../shared/server-addresses';
import { createAesSecretStorage } from '../harness/aes-secret-storage';

/** What getaddrinfo says of `host` outside Node: `getent ahosts` prints each address (three socket types each). */
async function getentAddresses(host: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('getent', ['ahosts', host], { timeout: 10_000 });
  return [...new Set(stdout.split('\n').flatMap((line) => line.split(/\s+/)[0] || []))];
}

/** A global or unique-local IPv6 address off loopback, as the kernel lists them (scope 00 is global). */
function kernelHasIpv6(): boolean {
  return readFileSync('/proc/net/if_inet6', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .some((fields) => fields.length === 6 && fields[3] === '00' && fields[5] !== 'lo');
}

describe('servers:resolve with the real resolver', () => {
  it('resolves localhost as getaddrinfo does, and says why a .invalid name does not resolve', async () => {
    const answer = await resolveServerAddresses([
      { urls: ['turn:localhost:3478', 'stun:traverse-test.invalid:3478', 'turn:127.0.0.1:3478'] },
    ]);
    expect(serverAddressesSchema.parse(answer)).toEqual(answer);
    const [localhost, invalid] = answer.hosts;
    expect(answer.hosts).toHaveLength(2);
    expect(localhost!.error).toBeNull();
    expect(localhost!.addresses.map((a) => a.address).sort()).toEqual((await getentAddresses('localhost')).sort());
    expect(localhost!.addresses).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect(invalid).toMatchObject({ host: 'traverse-test.invalid', addresses: [] });
    expect(invalid!.error).toMatch(/^traverse-test\.invalid did not resolve/);
  });

  it.runIf(existsSync('/proc/net/if_inet6'))('reads IPv6 on this computer as the kernel lists it', async () => {
    const answer = await resolveServerAddresses([]);
    expect(answer.hasIpv6).toBe(kernelHasIpv6());
  });

  it('plans localhost per family only when real DNS gives it both and this computer has IPv6', async () => {
    const servers = [{ urls: 'turn:localhost:3478?transport=udp', username: 'u', credential: 'p' }];
    const answer = await resolveServerAddresses(servers);
    const families = new Set(answer.hosts[0]!.addresses.map((a) => a.family));
    const urls = planServerTests(servers, answer).map((t) => t.row.url);
    // Here /etc/hosts names only 127.0.0.1: one row as written. Where localhost is also ::1, a row per family.
    if (families.size === 2 && answer.hasIpv6) expect(urls).toHaveLength(2);
    else if (families.size === 2) expect(urls).toEqual([expect.stringMatching(/^turn:127\.0\.0\.1:3478/)]);
    else expect(urls).toEqual(['turn:localhost:3478?transport=udp']);
  });

  it('over IPC: resolves the names of the servers in settings, and refuses a payload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-resolve-ipc-'));
    try {
      const handlers = createHandlers({
        settings: createSettingsStore(dir),
        vault: createVault({
          dir,
          storage: createAesSecretStorage(),
          acceptsWeakStorage: () => Promise.resolve(false),
        }),
        app: { version: 'test', platform: 'linux' },
        embeddedSignalingUrl: () => 'http://127.0.0.1:1',
      });
      const saved = await dispatch(handlers, 'settings:set', {
        ice: {
          mode: 'manual',
          servers: [{ urls: ['stun:localhost:3478', 'turn:LOCALHOST:3478'], username: 'u', credential: 'p' }],
        },
      });
      expect(saved).toMatchObject({ ok: true });
      const answer = await dispatch(handlers, 'servers:resolve', null);
      expect(answer).toMatchObject({ ok: true, value: { hosts: [{ host: 'localhost', error: null }] } });
      // The page cannot name what to resolve: the channel takes nothing.
      expect(await dispatch(handlers, 'servers:resolve', { host: 'evil.example' })).toMatchObject({ ok: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
