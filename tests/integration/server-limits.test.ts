/** The server's limits, hit on purpose by real socket.io clients: each refusal is an error ack, and nobody else notices. */
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signalingClients } from '../support/signaling-clients';
import { readServerEnv } from '../../server/env';
import { AUTH_FAILURE_LIMIT, ICE_LIMIT } from '../../server/budgets';
import { createInvite, inviteKey } from '../../shared/invite';
import { DEFAULT_LIMITS, TokenBucket } from '../../server/limits';
import { fetchServerIce } from '../../shared/ice/ice-provider-server';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { MAX_ROOM_SIZE, MAX_SDP_BYTES, type Ack } from '../../shared/signaling';

const SECRET = 'limits-test-secret-0123456789abcdefghijkl';
let server: RunningSignalingServer;
const clients = signalingClients(() => server.url);
const { connect, join } = clients;

beforeAll(async () => {
  server = await startSignalingServer({ port: 0 });
});
afterAll(() => server.close());
afterEach(() => clients.closeAll());

const disconnected = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', resolve));

/** Two people in `room` and a way to prove a signal still goes from one to the other. */
async function pair(room: string) {
  const [a, b] = await Promise.all([connect(), connect()]);
  await join(a, room, 'Ana');
  await join(b, room, 'Ben');
  return {
    a,
    b,
    async relays(): Promise<void> {
      const got = new Promise((resolve) => b.once('signal', resolve));
      expect(await a.emitWithAck('signal', { to: b.id, data: { candidate: null } })).toEqual({ ok: true, value: null });
      expect(await got).toEqual({ from: a.id, data: { candidate: null } });
    },
  };
}

describe('token bucket', () => {
  it('allows a burst, then the sustained rate, on its clock', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // 10 per second: one more token after 100 ms
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('limits', () => {
  it('a socket that keeps sending invalid payloads gets an error for each, then is disconnected', async () => {
    const calm = await pair('calm-1');
    const bad = await connect();
    const gone = disconnected(bad);
    const acks: unknown[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.invalidBudget + 1; i += 1) acks.push(await bad.emitWithAck('join', { room: i }));
    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await gone).toBe('io server disconnect');
    await calm.relays();
  });

  it('a flood is rate limited per socket; the flooder’s room-mate in another room is not', async () => {
    const calm = await pair('calm-2');
    const flood = await pair('flood');
    const acks = await Promise.all(
      Array.from({ length: DEFAULT_LIMITS.eventBurst + 20 }, () =>
        flood.a
          .timeout(5_000)
          .emitWithAck('signal', { to: flood.b.id, data: { candidate: null } })
          .catch(() => ({ ok: false, error: { code: 'dropped' } })),
      ),
    );
    const codes = acks.map((a) => ((a as Ack<null>).ok ? 'ok' : (a as { error: { code: string } }).error.code));
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(DEFAULT_LIMITS.eventBurst - 5);
    expect(codes).toContain('rate-limited');
    await calm.relays();
  });

  it('a burst past the limit without acks (the app sends them so): every refused signal comes back as signal-refused, and the socket stays', async () => {
    const calm = await pair('calm-2b');
    const flood = await pair('flood-2b');
    let relayed = 0;
    let refused = 0;
    flood.b.on('signal', () => (relayed += 1));
    flood.a.on('signal-refused', (r: { to: string; error: { code: string } }) => {
      expect(r).toMatchObject({ to: flood.b.id, error: { code: 'rate-limited' } });
      refused += 1;
    });
    const sent = DEFAULT_LIMITS.eventBurst + 100;
    for (let i = 0; i < sent; i += 1) flood.a.emit('signal', { to: flood.b.id, data: { candidate: null } });
    // Every signal is accounted for: relayed, or refused in words the sender gets.
    await expect.poll(() => relayed + refused, { timeout: 10_000 }).toBe(sent);
    expect(refused).toBeGreaterThan(0);
    expect(flood.a.connected).toBe(true);
    await calm.relays();
  });

  it('a sustained flood is dropped in the end, but only after it was told signal-refused', async () => {
    const flood = await pair('flood-2c');
    let refused = 0;
    flood.a.on('signal-refused', () => (refused += 1));
    const gone = disconnected(flood.a);
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 100 && flood.a.connected; i += 1, sent += 1)
        flood.a.emit('signal', { to: flood.b.id, data: { candidate: null } });
    }, 5);
    expect(await gone).toBe('io server disconnect');
    clearInterval(timer);
    expect(refused).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(DEFAULT_LIMITS.eventBurst);
  });

  it('unknown events, extra arguments, oversized SDP and binary attachments are refused by name', async () => {
    const calm = await pair('calm-3');
    const s = await connect();
    await join(s, 'odd');
    expect(await s.emitWithAck('become-admin', { please: true })).toMatchObject({
      ok: false,
      error: { code: 'unknown-event' },
    });
    expect(await s.emitWithAck('join', { room: 'odd', name: 'x' }, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const sdp = 'a'.repeat(MAX_SDP_BYTES + 1);
    expect(
      await s.emitWithAck('signal', { to: calm.a.id, data: { description: { type: 'offer', sdp } } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await s.emitWithAck('signal', { to: calm.a.id, data: { candidate: Buffer.from('binary') } })).toMatchObject({
      ok: false,
    });
    await calm.relays();
  });

  it('a message over maxHttpBufferSize closes that connection only', async () => {
    const calm = await pair('calm-4');
    const s = await connect();
    const gone = disconnected(s);
    s.emit('join', { room: 'big', name: 'x'.repeat(100 * 1024) });
    expect(await gone).toBe('transport close');
    await calm.relays();
  });

  it('a signal sent without an ack is relayed; one that cannot be delivered comes back as signal-refused', async () => {
    const calm = await pair('calm-5');
    const got = new Promise((resolve) => calm.b.once('signal', resolve));
    calm.a.emit('signal', { to: calm.b.id, data: { candidate: null } });
    expect(await got).toEqual({ from: calm.a.id, data: { candidate: null } });
    const refused = new Promise((resolve) => calm.a.once('signal-refused', resolve));
    calm.a.emit('signal', { to: 'nobody-here', data: { candidate: null } });
    expect(await refused).toMatchObject({
      to: 'nobody-here',
      error: { code: 'unknown-peer', message: expect.any(String) as string },
    });
  });

  it(`room capacity holds: the ${MAX_ROOM_SIZE + 1}th is refused with room-full`, async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_ROOM_SIZE + 1 }, () => connect()));
    for (const s of sockets.slice(0, MAX_ROOM_SIZE)) expect(await join(s, 'cap')).toMatchObject({ ok: true });
    expect(await join(sockets[MAX_ROOM_SIZE]!, 'cap')).toMatchObject({ ok: false, error: { code: 'room-full' } });
  });
});

describe('GET /ice is limited per person: per address and per invite, bad tokens apart', () => {
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/ice`, { headers });

  it(`${ICE_LIMIT.points} at once are served; the next is refused with 429, Retry-After and what to do`, async () => {
    const own = await startSignalingServer({ port: 0 });
    try {
      const statuses = [];
      for (let i = 0; i < ICE_LIMIT.points; i += 1) statuses.push((await get(own.url)).status);
      expect(statuses).toEqual(Array(ICE_LIMIT.points).fill(200));
      const refused = await get(own.url);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({
        ok: false,
        error: {
          what: expect.stringContaining('Too many ICE credential requests') as string,
          fix: expect.stringContaining('Wait') as string,
        },
      });
      // Without TRUST_PROXY a client cannot dodge the limit by claiming another address.
      expect((await get(own.url, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
      // The app's provider reports the server's own words.
      await expect(fetchServerIce({ baseUrl: own.url })).rejects.toThrow(/Too many ICE credential requests.*Wait/);
    } finally {
      await own.close();
    }
  });

  it('finding 3: bad tokens from an address do not use up the budget of a valid invite from that address', async () => {
    const own = await startSignalingServer({ port: 0, authSecret: SECRET });
    try {
      const invite = await createInvite(await inviteKey(SECRET), 'standup', 600);
      const bad = [];
      for (let i = 0; i < 25; i += 1) bad.push((await get(own.url, { authorization: 'Bearer nonsense' })).status);
      // Failed attempts have their own budget: refused (401), and past it told to slow down (429).
      expect(bad.slice(0, AUTH_FAILURE_LIMIT.points)).toEqual(Array(AUTH_FAILURE_LIMIT.points).fill(401));
      expect(bad.at(-1)).toBe(429);
      expect((await get(own.url, { authorization: `Bearer ${invite}` })).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('one invite has one budget, from whichever address it is used', async () => {
    const own = await startSignalingServer({ port: 0, authSecret: SECRET, trustProxy: ['127.0.0.1'] });
    try {
      const invite = await createInvite(await inviteKey(SECRET), 'standup', 600);
      const from = (address: string) => ({ authorization: `Bearer ${invite}`, 'x-forwarded-for': address });
      for (let i = 0; i < ICE_LIMIT.points; i += 1)
        expect((await get(own.url, from(`198.51.100.${i + 1}`))).status).toBe(200);
      expect((await get(own.url, from('198.51.100.200'))).status).toBe(429);
      // Another invite from a fresh address is its own person.
      const other = await createInvite(await inviteKey(SECRET), 'standup', 600);
      expect(
        (await get(own.url, { authorization: `Bearer ${other}`, 'x-forwarded-for': '198.51.100.201' })).status,
      ).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('finding 5: X-Forwarded-For is believed only from a listed proxy', async () => {
    // The proxy is said to be 10.0.0.0/8; this test's requests come from 127.0.0.1, so their XFF is a lie.
    const own = await startSignalingServer({ port: 0, trustProxy: ['10.0.0.0/8'] });
    try {
      const statuses = [];
      for (let i = 0; i < 25; i += 1)
        statuses.push((await get(own.url, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(ICE_LIMIT.points);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await own.close();
    }
  });

  it('behind a listed proxy each forwarded client has its own allowance; what a client wrote before the proxy is not believed', async () => {
    const own = await startSignalingServer({ port: 0, trustProxy: ['127.0.0.0/8', '::1'] });
    try {
      for (let i = 0; i < ICE_LIMIT.points; i += 1)
        await get(own.url, { 'x-forwarded-for': '198.51.100.1, 203.0.113.1' });
      expect((await get(own.url, { 'x-forwarded-for': '198.51.100.1, 203.0.113.1' })).status).toBe(429);
      // The proxy appends the address it saw; what a client put before it is not trusted.
      expect((await get(own.url, { 'x-forwarded-for': '198.51.100.77, 203.0.113.1' })).status).toBe(429);
      expect((await get(own.url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('finding 4: the ice socket event (it had no client) is gone, so sockets cannot multiply the budget', async () => {
    const s = await connect();
    expect(await s.emitWithAck('ice')).toMatchObject({ ok: false, error: { code: 'unknown-event' } });
  });
});

describe('TRUST_PROXY', () => {
  it('takes proxy addresses and CIDRs; 1/true (trust anyone) is refused with what to write instead', () => {
    expect(readServerEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(readServerEnv({}).TRUST_PROXY).toEqual([]);
    expect(readServerEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toEqual([]);
    for (const bad of ['1', 'true', 'proxy.example', '10.0.0.0/33'])
      expect(() => readServerEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: .*address/);
  });
});
