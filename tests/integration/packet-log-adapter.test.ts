/**
 * The off-heap recovery adapter under a real socket.io server and client: a
 * client whose connection drops comes back with its id and rooms and gets
 * exactly the packets meant for it while it was away, in order; what the log
 * could not keep, or a session past its window, gives a fresh session instead.
 * And startSignalingServer uses it only when asked (`recoveryLog: 'off-heap'`).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { SessionAwareAdapter } from 'socket.io-adapter';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packetLogAdapter, PacketLogAdapter } from '../../server/packet-log-adapter';
import { startSignalingServer } from '../../server/signaling-server';

const WINDOW_MS = 10_000;
let clockMs = 1_000_000;
let http: HttpServer;
let io: Server;
let url: string;
/** Server-side sockets by id, and a promise per id that settles when that socket disconnects. */
const serverSockets = new Map<string, { socket: ServerSocket; gone: Promise<void> }>();
const clients: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = new Server(http, {
    transports: ['websocket'],
    connectionStateRecovery: { maxDisconnectionDuration: WINDOW_MS },
    adapter: packetLogAdapter({ windowMs: WINDOW_MS, capacityBytes: 1 << 20, now: () => clockMs }),
  });
  io.on('connection', (socket) => {
    const room = (socket.handshake.auth as { room?: unknown }).room;
    if (!socket.recovered && typeof room === 'string') void socket.join(room);
    socket.on('ping', (ack: (rooms: string[]) => void) => ack([...socket.rooms].sort()));
    serverSockets.set(socket.id, {
      socket,
      gone: new Promise((resolve) => socket.once('disconnect', () => resolve())),
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => void io.close(() => resolve()));
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

/** A client in `room` that reconnects only when told to, and records every event it hears. */
async function member(room: string) {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { room } });
  clients.push(socket);
  const heard: [string, ...unknown[]][] = [];
  socket.onAny((event: string, ...args: unknown[]) => heard.push([event, ...args]));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, heard };
}

/** The connection drops under the client; resolves once the server has seen it go (its session is kept then). */
async function drop(socket: Socket): Promise<string> {
  const id = socket.id!;
  const gone = serverSockets.get(id)!.gone;
  socket.io.engine.close();
  await gone;
  return id;
}

/** Reconnects; resolves with whether the session came back, after every replayed packet has arrived. */
async function comeBack(socket: Socket): Promise<boolean> {
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.connect();
  await connected;
  await socket.emitWithAck('ping'); // answered after the replay, which the server sends on connect
  return socket.recovered;
}

/** The events heard, without socket.io's offset (the last argument of a kept packet). */
const events = (heard: [string, ...unknown[]][]) => heard.map(([event, ...args]) => [event, ...args.slice(0, -1)]);

describe('PacketLogAdapter', () => {
  it('replays, in order, exactly what was sent to the rooms a dropped client is in', async () => {
    const { socket, heard } = await member('r1');
    io.to('r1').emit('before', 0); // gives the client an offset to come back from
    await socket.emitWithAck('ping');
    const id = await drop(socket);
    io.to('r1').emit('news', { text: 'Zoë 🦊', n: 1 });
    io.emit('everyone', 2);
    io.to('r2').emit('other-room', 3);
    io.except('r1').emit('not-you', 4);
    io.to(id).emit('direct', 5);
    io.volatile.to('r1').emit('volatile', 6); // not kept, as with socket.io's own adapter
    expect(await comeBack(socket)).toBe(true);
    expect(socket.id).toBe(id);
    // Its rooms are back (a set: the order socket.io restores them in varies from run to run).
    expect(new Set((await socket.emitWithAck('ping')) as string[])).toEqual(new Set([id, 'r1']));
    expect(events(heard)).toEqual([
      ['before', 0],
      ['news', { text: 'Zoë 🦊', n: 1 }],
      ['everyone', 2],
      ['direct', 5],
    ]);
  });

  it('a missed binary packet, which the log does not keep, gives a fresh session; one for others does not', async () => {
    const { socket } = await member('bin');
    io.to('bin').emit('before', 0);
    await socket.emitWithAck('ping');
    await drop(socket);
    io.to('elsewhere').emit('blob', Buffer.from([1, 2, 3]));
    io.to('bin').emit('text', 'kept');
    expect(await comeBack(socket)).toBe(true);

    await drop(socket);
    io.to('bin').emit('blob', Buffer.from([1, 2, 3]));
    expect(await comeBack(socket)).toBe(false);
  });

  it('a client away longer than the window starts a fresh session', async () => {
    const { socket } = await member('late');
    io.to('late').emit('before', 0);
    await socket.emitWithAck('ping');
    const id = await drop(socket);
    clockMs += WINDOW_MS + 1;
    expect(await comeBack(socket)).toBe(false);
    expect(socket.id).not.toBe(id);
  });
});

describe("startSignalingServer's recoveryLog option", () => {
  it("uses the off-heap log only when asked, and socket.io's own adapter otherwise", async () => {
    const offHeap = await startSignalingServer({ port: 0, recoveryLog: 'off-heap' });
    const plain = await startSignalingServer({ port: 0 });
    try {
      expect(offHeap.io.of('/').adapter).toBeInstanceOf(PacketLogAdapter);
      expect(plain.io.of('/').adapter).toBeInstanceOf(SessionAwareAdapter);
      expect(plain.io.of('/').adapter).not.toBeInstanceOf(PacketLogAdapter);
    } finally {
      await Promise.all([offHeap.close(), plain.close()]);
    }
  });
});
