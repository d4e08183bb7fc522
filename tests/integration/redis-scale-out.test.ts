/**
 * Scale-out for real: a redis-server started here, signaling server processes
 * with REDIS_URL, and a round-robin TCP load balancer in front. Peers on
 * different processes share rooms; a deploy (SIGTERM) moves clients with their
 * sessions; a crash (SIGKILL) moves them to a survivor, back in the room.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ROOM_SIZE, type Ack, type JoinResult } from '../../shared/signaling';
import { startLoadBalancer, type LoadBalancer } from '../support/load-balancer';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis';
import { startServerProcess, type ServerProcess } from '../support/server-process';

let redis: RedisServer;
const servers: ServerProcess[] = [];
const balancers: LoadBalancer[] = [];
const sockets: Socket[] = [];

async function server(): Promise<ServerProcess> {
  const started = await startServerProcess({ REDIS_URL: redis.url });
  servers.push(started);
  return started;
}

/** Two live server processes: the ones earlier tests started, or new ones (so any test runs alone too). */
async function twoServers(): Promise<[ServerProcess, ServerProcess]> {
  const live = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  while (live.length < 2) live.push(await server());
  return [live[0]!, live[1]!];
}

beforeAll(async () => {
  if (!redisAvailable())
    throw new Error('redis-server is not installed: apt-get install redis-server (scale-out tests need a real Redis)');
  redis = await startRedis();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const b of balancers) await b.close();
  await Promise.all(servers.map((s) => s.kill()));
  await redis?.stop();
});

/** The resume secret each socket's last join got, by socket (what the app's SignalingClient keeps). */
const resumes = new WeakMap<Socket, { id: string; resume: string }>();

/** Like the app's SignalingClient: after a reconnect the handshake names our previous id and its resume secret. */
async function connect(url: string, reconnection = false): Promise<Socket> {
  const socket: Socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection,
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
    auth: (send) => {
      const previous = resumes.get(socket);
      send(previous ? { previousId: previous.id, resume: previous.resume } : {});
    },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
const next = <T>(s: Socket, event: string) => new Promise<T>((resolve) => s.once(event, resolve));

/** Joins, retrying while the cluster still waits for a process that just died (as the app does). */
async function join(s: Socket, room: string, name: string): Promise<Ack<JoinResult>> {
  for (let attempt = 0; ; attempt += 1) {
    const ack = (await s.emitWithAck('join', { room, name })) as Ack<JoinResult>;
    if (ack.ok && ack.value.resume) resumes.set(s, { id: ack.value.id, resume: ack.value.resume });
    if (ack.ok || ack.error.code !== 'unavailable' || attempt >= 8) return ack;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Proves a relayed signal goes from `from` to `to` right now. */
async function relays(from: Socket, to: Socket): Promise<void> {
  const got = next<{ from: string }>(to, 'signal');
  expect(await from.emitWithAck('signal', { to: to.id, data: { description: { type: 'offer', sdp: 'v=0' } } })).toEqual(
    { ok: true, value: null },
  );
  expect(await got).toMatchObject({ from: from.id });
}

const clientsOf = async (s: ServerProcess) =>
  ((await (await fetch(`${s.url}/healthz`)).json()) as { clients: number }).clients;

describe('two server processes sharing rooms through Redis', () => {
  it('peers on different processes meet in one room and signal each other both ways', async () => {
    const [a, b] = [await server(), await server()];
    const ana = await connect(a.url);
    const ben = await connect(b.url);
    expect(await join(ana, 'across', 'Ana')).toMatchObject({ ok: true, value: { peers: [] } });
    const heard = next<{ id: string; name: string }>(ana, 'peer-joined');
    expect(await join(ben, 'across', 'Ben')).toMatchObject({
      ok: true,
      value: { peers: [{ id: ana.id, name: 'Ana' }] },
    });
    expect(await heard).toEqual({ id: ben.id, name: 'Ben' });
    await relays(ana, ben);
    await relays(ben, ana);
    const left = next<{ id: string }>(ben, 'peer-left');
    await ana.emitWithAck('leave');
    expect(await left).toEqual({ id: ana.id });
  });

  it(`room capacity holds across processes: ${MAX_ROOM_SIZE} fit, the next is refused`, async () => {
    const [a, b] = await twoServers();
    const people = await Promise.all(
      Array.from({ length: MAX_ROOM_SIZE + 1 }, (_, i) => connect(i % 2 ? b.url : a.url)),
    );
    for (const [i, p] of people.slice(0, MAX_ROOM_SIZE).entries())
      expect(await join(p, 'full', `P${i}`)).toMatchObject({ ok: true });
    expect(await join(people[MAX_ROOM_SIZE]!, 'full', 'Late')).toMatchObject({
      ok: false,
      error: { code: 'room-full' },
    });
    expect(await join(people[MAX_ROOM_SIZE]!, 'other', 'Late')).toMatchObject({ ok: true });
    for (const p of people) p.disconnect();
  });

  it('the last seats under a rush from both processes: never more than four in a room', async () => {
    const [a, b] = await twoServers();
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => connect(i % 2 ? b.url : a.url)));
    for (let round = 0; round < 6; round += 1) {
      const results = await Promise.all(people.map((p, i) => join(p, `rush-${round}`, `P${i}`)));
      expect(results.filter((r) => r.ok)).toHaveLength(MAX_ROOM_SIZE);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
        Array(8 - MAX_ROOM_SIZE).fill('room-full'),
      );
    }
    for (const p of people) p.disconnect();
  });

  it('a graceful stop (deploy): clients move to the other process with their session, same id, still in the room', async () => {
    const [a, b] = await twoServers();
    const lb = await startLoadBalancer([a.port, b.port]);
    balancers.push(lb);
    const ana = await connect(lb.url, true);
    const ben = await connect(lb.url, true);
    expect(lb.routed.slice(-2)).toEqual([a.port, b.port]);
    await join(ana, 'deploy', 'Ana');
    await join(ben, 'deploy', 'Ben');
    await relays(ana, ben); // what a call does anyway; it gives Ben an offset to recover from
    const benId = ben.id;
    const back = next<unknown>(ben, 'connect');
    await b.stop();
    await back;
    expect(ben.recovered).toBe(true);
    expect(ben.id).toBe(benId);
    expect(await clientsOf(a)).toBeGreaterThanOrEqual(2);
    await relays(ana, ben);
    await relays(ben, ana);
  });

  it('a crash (SIGKILL): its clients reconnect through the balancer to a survivor and are back in the room', async () => {
    const [a] = await twoServers();
    const c = await server();
    const lb = await startLoadBalancer([a.port, c.port]);
    balancers.push(lb);
    const ana = await connect(lb.url, true);
    const ben = await connect(lb.url, true);
    expect(lb.routed).toEqual([a.port, c.port]);
    await join(ana, 'crash', 'Ana');
    await join(ben, 'crash', 'Ben');
    const oldBen = ben.id!;
    const back = next<unknown>(ben, 'connect');
    const oldGone = new Promise<void>((resolve) =>
      ana.on('peer-left', (p: { id: string }) => p.id === oldBen && resolve()),
    );
    await c.kill();
    await back;
    expect(ben.recovered).toBe(false); // a crash leaves no session behind
    expect(lb.routed.at(-1)).toBe(a.port);
    const rejoined = next<{ id: string; name: string }>(ana, 'peer-joined');
    expect(await join(ben, 'crash', 'Ben')).toMatchObject({
      ok: true,
      value: { peers: [{ id: ana.id, name: 'Ana' }] },
    });
    expect(await rejoined).toEqual({ id: ben.id, name: 'Ben' });
    await oldGone; // the room forgot the old Ben at once, not after a timeout
    await relays(ana, ben);
    await relays(ben, ana);
  });
});
