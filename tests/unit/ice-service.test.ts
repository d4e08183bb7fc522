/** The main process's ICE service: cache until half-life, background refresh, fallback with the reason. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIceService, type TimerPort } from '../../electron/core/ice';
import { createSettingsStore, type SettingsStore } from '../../electron/core/settings';
import type { IceConfig } from '../../shared/ipc';
import { documentedAnswer } from '../support/cloudflare-fake';

/** A clock and timers the test moves by hand. */
function manualTime(start = 1_700_000_000_000) {
  let now = start;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const port: TimerPort = {
    set: (run, ms) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clear: (handle) => void timers.delete(handle as number),
  };
  return {
    now: () => now,
    port,
    pending: () => [...timers.values()].map((t) => t.at),
    /** Moves the clock, firing due timers in order. */
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

let settings: SettingsStore;
let calls: { url: string; body: string }[];
let status = 201;

const fakeFetch = (url: string, init?: RequestInit) => {
  calls.push({ url, body: typeof init?.body === 'string' ? init.body : '' });
  const body =
    status === 201
      ? JSON.stringify(documentedAnswer('array', `user${calls.length}`, `cred${calls.length}`))
      : '{"success":false}';
  return Promise.resolve(new Response(body, { status }));
};

const secrets = new Map<string, string>([['cloudflare-api-token', 'tok']]);
const vault = { get: (name: string) => Promise.resolve(secrets.get(name)) };

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

beforeEach(async () => {
  settings = createSettingsStore(await mkdtemp(join(tmpdir(), 'traverse-ice-')));
  await settings.update({
    ice: { ...(await settings.get()).ice, mode: 'cloudflare', ttlSeconds: 20, cloudflare: { tokenId: 'key1' } },
  });
  calls = [];
  status = 201;
});

function service(time = manualTime(), fetch: typeof fakeFetch = fakeFetch) {
  return createIceService({
    settings,
    vault,
    fetch,
    now: time.now,
    timers: time.port,
    signalingUrl: () => Promise.resolve('http://127.0.0.1:1'),
  });
}

describe('ICE service', () => {
  it('a call start with valid cached credentials makes no network request', async () => {
    const time = manualTime();
    const ice = service(time);
    const first = await ice.get();
    expect(first.source).toBe('cloudflare');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.body)).toEqual({ ttl: 20 });
    time.advance(9_000);
    expect(await ice.get()).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('refreshes in the background at half the lifetime, before expiry, and tells listeners', async () => {
    const time = manualTime();
    const ice = service(time);
    const updates: IceConfig[] = [];
    ice.onUpdate((c) => updates.push(c));
    const first = await ice.get();
    expect(time.pending()).toEqual([first.fetchedAt! + 10_000]);
    time.advance(10_000);
    await until(() => updates.length === 1);
    const fresh = updates[0]!;
    expect(calls).toHaveLength(2);
    expect(fresh.iceServers[1]).toMatchObject({ username: 'user2' });
    expect(fresh.fetchedAt!).toBeLessThan(first.expiresAt!);
    expect(fresh.expiresAt).toBe(first.expiresAt! + 10_000);
    expect(await ice.get()).toBe(fresh);
    expect((await ice.status()).refreshCount).toBe(2);
  });

  it('falls back to STUN with the documented message when Cloudflare refuses', async () => {
    status = 403;
    const ice = service();
    const config = await ice.get();
    expect(config.source).toBe('stun-fallback');
    expect(config.iceServers.flatMap((s) => [s.urls].flat()).every((u) => u.startsWith('stun:'))).toBe(true);
    expect(config.error).toMatchObject({
      what: 'Cloudflare API error 403',
      cause: expect.stringContaining('Calls (Realtime) Edit permission') as string,
    });
    expect((await ice.status()).lastError?.what).toBe('Cloudflare API error 403');
    // A failure is not cached: the next call start tries again.
    status = 201;
    expect((await ice.get()).source).toBe('cloudflare');
  });

  it('keeps credentials that still work when a background refresh fails, and retries soon', async () => {
    const time = manualTime();
    const ice = service(time);
    const first = await ice.get();
    status = 500;
    time.advance(10_000);
    await until(() => calls.length === 2);
    await until(() => time.pending().length === 1);
    expect(await ice.get()).toBe(first);
    expect((await ice.status()).lastError?.what).toBe('Cloudflare API error 500');
    status = 201;
    time.advance(3_000);
    await until(() => calls.length === 3);
    await until(() => time.pending().length === 1);
    expect((await ice.get()).iceServers[1]).toMatchObject({ username: 'user3' });
  });

  it('a settings change drops the cache and pushes servers from the new mode', async () => {
    const ice = service();
    const updates: IceConfig[] = [];
    ice.onUpdate((c) => updates.push(c));
    await ice.get();
    await settings.update({ ice: { ...(await settings.get()).ice, mode: 'manual' } });
    ice.invalidate();
    await until(() => updates.length === 1);
    expect(updates[0]).toMatchObject({ source: 'manual', expiresAt: null, error: null });
    expect((await ice.status()).refreshAt).toBeNull();
  });

  it('callers asking at once share one request', async () => {
    const ice = service();
    const answers = await Promise.all([ice.get(), ice.get(), ice.get()]);
    expect(calls).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('an answer for settings changed while it was on its way is not kept', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFetch = async (url: string, init?: RequestInit) => {
      await gate;
      return fakeFetch(url, init);
    };
    const ice = service(manualTime(), slowFetch);
    const updates: IceConfig[] = [];
    ice.onUpdate((c) => updates.push(c));
    const old = ice.get(); // Cloudflare, held at the gate
    await settings.update({ ice: { ...(await settings.get()).ice, mode: 'manual' } });
    ice.invalidate();
    await until(() => updates.length === 1);
    release();
    expect((await old).source).toBe('cloudflare'); // its caller still gets what it asked for
    expect((await ice.get()).source).toBe('manual');
    expect((await ice.status()).source).toBe('manual');
  });

  it('after stop, no refresh is scheduled and listeners hear nothing', async () => {
    const time = manualTime();
    const ice = service(time);
    const updates: IceConfig[] = [];
    ice.onUpdate((c) => updates.push(c));
    await ice.get();
    expect(time.pending()).toHaveLength(1);
    ice.stop();
    expect(time.pending()).toHaveLength(0);
    ice.invalidate();
    await ice.refresh();
    expect(updates).toHaveLength(0);
  });
});
