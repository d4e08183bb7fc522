/**
 * `npm run server` minting ICE credentials from its environment: shared-secret
 * credentials that a real coturn accepts, Cloudflare's servers minus port 53
 * from a documented local fake, AUTH_SECRET
 * respected, and the server-mode provider reading all of it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIceService } from '../../electron/core/ice';
import { createSettingsStore } from '../../electron/core/settings';
import { fetchServerIce } from '../../shared/ice/ice-provider-server';
import { iceResponseSchema } from '../../shared/ice/ice-types';
import { createInvite, inviteKey } from '../../shared/invite';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake';
import { startCoturn, type Coturn, uclient } from '../support/coturn';
import { spawnUntilLog, type LoggedProcess } from '../support/spawn-until-log';

const running: LoggedProcess[] = [];

interface ServerProcess {
  url: string;
  output: () => string;
}

/** Starts `npm run server` with `env` on a free port and waits for its "listening on" line. */
async function npmRunServer(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnUntilLog('npm', ['run', 'server'], {
    name: 'npm run server',
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    until: /listening on http:\/\/127\.0\.0\.1:\d+/,
    // npm runs node as its child: stop both.
    group: true,
  });
  running.push(server);
  return { url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.log())![1]!, output: server.log };
}

async function getIce(url: string, token?: string) {
  const response = await fetch(`${url}/ice`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return {
    status: response.status,
    cache: response.headers.get('cache-control'),
    body: (await response.json()) as unknown,
  };
}

let coturn: Coturn;
let fake: CloudflareFake;

beforeAll(async () => {
  [coturn, fake] = await Promise.all([startCoturn(), startCloudflareFake()]);
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await Promise.all([coturn?.stop(), fake?.close()]);
});

describe('npm run server: GET /ice', () => {
  it('ICE_MODE=shared-secret serves credentials coturn accepts over GET /ice', async () => {
    const server = await npmRunServer({
      ICE_MODE: 'shared-secret',
      TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
      TURN_SECRET: coturn.secret,
      ICE_TTL: '600',
    });
    expect(server.output()).toMatch(/ICE shared-secret at/);
    expect(server.output()).toMatch(
      /ICE_MODE=shared-secret without AUTH_SECRET: anyone who can reach \/ice gets TURN credentials/,
    );
    const { status, cache, body } = await getIce(server.url);
    expect(status).toBe(200);
    expect(cache).toBe('no-store');
    const ice = iceResponseSchema.parse(body);
    expect(ice).toMatchObject({ source: 'shared-secret', ttlSeconds: 600 });
    expect(Math.abs(ice.expiresAt - (Date.now() + 600_000))).toBeLessThan(5_000);
    expect(ice.iceServers[0]).toEqual({ urls: ['stun:stun.cloudflare.com:3478', 'stun:stun.l.google.com:19302'] });
    const turn = ice.iceServers[1]!;
    expect(turn.username).toMatch(/^\d+:traverse$/);
    const cli = await uclient(coturn.port, turn.username!, turn.credential!);
    expect(cli.output).toMatch(/Total lost packets 0/);
    expect(cli.code).toBe(0);

    // The desktop's server mode reads the same endpoint.
    const viaProvider = await fetchServerIce({ baseUrl: server.url });
    expect(viaProvider).toMatchObject({ source: 'server', ttlSeconds: 600 });
  });

  it("ICE_MODE=cloudflare with CLOUDFLARE_API_BASE returns Cloudflare's servers minus port 53", async () => {
    fake.behave('array');
    fake.requests.length = 0;
    const server = await npmRunServer({
      ICE_MODE: 'cloudflare',
      CLOUDFLARE_TURN_KEY_ID: fake.keyId,
      CLOUDFLARE_TURN_API_TOKEN: fake.token,
      CLOUDFLARE_API_BASE: fake.url,
      ICE_TTL: '3600',
    });
    const { status, body } = await getIce(server.url);
    expect(status).toBe(200);
    const ice = iceResponseSchema.parse(body);
    const urls = ice.iceServers.flatMap((s) => [s.urls].flat());
    expect(urls).toEqual([
      'stun:stun.cloudflare.com:3478',
      'turn:turn.cloudflare.com:3478?transport=udp',
      'turn:turn.cloudflare.com:3478?transport=tcp',
      'turn:turn.cloudflare.com:80?transport=tcp',
      'turns:turn.cloudflare.com:5349?transport=tcp',
      'turns:turn.cloudflare.com:443?transport=tcp',
    ]);
    expect(ice.iceServers[1]).toMatchObject(fake.lastCredentials()!);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      authorization: `Bearer ${fake.token}`,
      body: '{"ttl":3600}',
    });

    // Cloudflare refusing becomes 502 with the reason, which server mode passes on.
    fake.behave({ status: 403 });
    const refused = await getIce(server.url);
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ ok: false, error: { what: 'Cloudflare API error 403' } });
    await expect(fetchServerIce({ baseUrl: server.url })).rejects.toThrow(
      /The server could not mint ICE credentials \(Cloudflare API error 403\)/,
    );
  });

  it('with AUTH_SECRET, GET /ice needs an invite as a bearer token', async () => {
    const secret = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8);
    const server = await npmRunServer({
      AUTH_SECRET: secret,
      ICE_MODE: 'shared-secret',
      TURN_URLS: `turn:127.0.0.1:${coturn.port}`,
      TURN_SECRET: coturn.secret,
    });
    expect((await getIce(server.url)).status).toBe(401);
    expect(server.output()).not.toMatch(/without AUTH_SECRET/);
    const invite = await createInvite(await inviteKey(secret), 'standup', 600);
    const allowed = await getIce(server.url, invite);
    expect(allowed.status).toBe(200);
    expect(iceResponseSchema.parse(allowed.body).source).toBe('shared-secret');

    // The desktop in server mode: refused without the invite (falls back, says why), served with it.
    const settings = createSettingsStore(await mkdtemp(join(tmpdir(), 'traverse-server-mode-')));
    await settings.update({ ice: { ...(await settings.get()).ice, mode: 'server', server: { url: server.url } } });
    const ice = createIceService({
      settings,
      vault: { get: () => Promise.resolve(undefined) },
      signalingUrl: () => Promise.resolve(server.url),
    });
    expect(await ice.get()).toMatchObject({
      source: 'stun-fallback',
      error: { what: `The ICE endpoint ${server.url}/ice answered HTTP 401` },
    });
    ice.setInvite(invite);
    expect(await ice.get()).toMatchObject({ source: 'server', error: null, ttlSeconds: 3600 });
    ice.stop();
  });

  it('refuses to start with an incomplete ICE configuration, naming the variable and the fix', async () => {
    await expect(npmRunServer({ ICE_MODE: 'shared-secret', TURN_URLS: 'turn:127.0.0.1:3478' })).rejects.toThrow(
      /TURN_SECRET: ICE_MODE=shared-secret needs TURN_SECRET/,
    );
  });
});
