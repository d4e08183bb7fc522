/**
 * The Cloudflare provider's real code path (fetch, timeout, parsing) against a
 * local server that answers as Cloudflare documents and checks the request;
 * every failure gives the documented message, and the app falls back to STUN
 * with that message.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createIceService } from '../../electron/core/ice';
import { createSettingsStore } from '../../electron/core/settings';
import { createVault } from '../../electron/core/vault';
import { IceError } from '../../shared/ice/ice-error';
import { mintCloudflare } from '../../shared/ice/ice-provider-cloudflare';
import { createAesSecretStorage } from '../harness/aes-secret-storage';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake';
import { freeTcpPort } from '../support/ports';

let fake: CloudflareFake;

beforeAll(async () => {
  fake = await startCloudflareFake();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.behave('array');
  fake.requests.length = 0;
});

const mint = (overrides: Partial<Parameters<typeof mintCloudflare>[0]> = {}) =>
  mintCloudflare({ keyId: fake.keyId, apiToken: fake.token, ttlSeconds: 3600, apiBase: fake.url, ...overrides });

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IceError);
  return (error as IceError).problem;
}

describe('Cloudflare provider against a documented fake', () => {
  it('POSTs the documented request and returns the servers minus port 53', async () => {
    const before = Date.now();
    const minted = await mint({ ttlSeconds: 7200 });
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/v1/turn/keys/${fake.keyId}/credentials/generate-ice-servers`,
        authorization: `Bearer ${fake.token}`,
        contentType: 'application/json',
        body: '{"ttl":7200}',
      },
    ]);
    const urls = minted.iceServers.flatMap((s) => [s.urls].flat());
    expect(urls).toHaveLength(6);
    expect(urls.filter((u) => /:53(\?|$)/.test(u))).toEqual([]);
    expect(minted.iceServers[1]).toMatchObject(fake.lastCredentials()!);
    expect(minted.expiresAt! - before).toBeGreaterThanOrEqual(7200 * 1000);
    expect(minted.expiresAt! - Date.now()).toBeLessThanOrEqual(7200 * 1000);
  });

  it('accepts the older one-object shape and string urls', async () => {
    fake.behave('object');
    expect((await mint()).iceServers).toHaveLength(1);
    fake.behave('string-urls');
    expect((await mint()).iceServers.flatMap((s) => [s.urls].flat())).toEqual([
      'stun:stun.cloudflare.com:3478',
      'turn:turn.cloudflare.com:3478?transport=udp',
    ]);
  });

  it.each([
    [
      'a wrong token (the fake answers 401)',
      { apiToken: 'wrong' },
      'array',
      'Cloudflare API error 401',
      /token is wrong or revoked/,
    ],
    ['403', {}, { status: 403 }, 'Cloudflare API error 403', /Calls \(Realtime\) Edit permission/],
    [
      'a wrong key id (the fake answers 404)',
      { keyId: 'nosuchkey' },
      'array',
      'Cloudflare API error 404',
      /TURN key id is wrong/,
    ],
    ['500', {}, { status: 500 }, 'Cloudflare API error 500', /had a problem answering/],
    ['503', {}, { status: 503 }, 'Cloudflare API error 503', /had a problem answering/],
    ['malformed JSON', {}, 'malformed', "Cloudflare's answer was not an ICE server list", /not JSON/],
  ] as const)('%s gives the documented message', async (_name, overrides, behaviour, what, cause) => {
    fake.behave(behaviour);
    const problem = await problemOf(mint(overrides));
    expect(problem.what).toBe(what);
    expect(problem.cause).toMatch(cause);
    expect(problem.fix.length).toBeGreaterThan(20);
  });

  it('a hung server times out after 5 s with its own message', async () => {
    fake.behave('hang');
    const started = Date.now();
    const problem = await problemOf(mint());
    const took = Date.now() - started;
    expect(problem.what).toMatch(/did not answer within 5 s/);
    expect(took).toBeGreaterThanOrEqual(4_900);
    expect(took).toBeLessThan(8_000);
  });

  it('an unreachable API says so', async () => {
    const problem = await problemOf(mint({ apiBase: `http://127.0.0.1:${await freeTcpPort()}` }));
    expect(problem.what).toMatch(/^Could not reach Cloudflare at http:\/\/127\.0\.0\.1:\d+$/);
    expect(problem.cause).toMatch(/ECONNREFUSED/);
  });

  it('the app falls back to STUN with the message when Cloudflare refuses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-cf-'));
    const settings = createSettingsStore(dir);
    const vault = createVault({
      dir,
      storage: createAesSecretStorage(),
      acceptsWeakStorage: () => Promise.resolve(false),
    });
    const ice = createIceService({
      settings,
      vault,
      cloudflareApiBase: fake.url,
      signalingUrl: () => Promise.resolve('http://127.0.0.1:1'),
    });
    const handlers = createHandlers({
      settings,
      vault,
      ice,
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => '',
    });
    const current = await settings.get();
    await dispatch(handlers, 'settings:set', {
      ice: { ...current.ice, mode: 'cloudflare', cloudflare: { tokenId: fake.keyId } },
    });
    await dispatch(handlers, 'secrets:set', { name: 'cloudflare-api-token', value: 'revoked-token' });
    const got = await dispatch(handlers, 'ice:get', null);
    expect(got).toMatchObject({
      ok: true,
      value: { source: 'stun-fallback', error: { what: 'Cloudflare API error 401' } },
    });
    if (got.ok && 'iceServers' in got.value)
      expect(got.value.iceServers.flatMap((s) => [s.urls].flat())).toEqual([
        'stun:stun.cloudflare.com:3478',
        'stun:stun.l.google.com:19302',
      ]);
    await dispatch(handlers, 'secrets:set', { name: 'cloudflare-api-token', value: fake.token });
    expect(await dispatch(handlers, 'ice:get', null)).toMatchObject({
      ok: true,
      value: { source: 'cloudflare', error: null },
    });
    ice.stop();
  });
});
