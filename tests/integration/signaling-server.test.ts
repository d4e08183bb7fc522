/** The signaling server for real: started on port 0, spoken to with socket.io-client. */
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signalingServerForFile } from '../support/signaling-clients';

const signaling = signalingServerForFile();
const { connect, join } = signaling;

const next = <T>(s: Socket, event: string) => new Promise<T>((resolve) => s.once(event, resolve));

/** Ana and Ben in `room` with Cy, who counts the signals he hears: none of them are for him. */
async function pairWithBystander(room: string) {
  const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
  await join(a, room, 'Ana');
  await join(b, room, 'Ben');
  await join(c, room, 'Cy');
  let heard = 0;
  c.on('signal', () => (heard += 1));
  return { a, b, bystanderHeard: () => heard };
}

describe('signaling server', () => {
  it('answers /healthz with JSON', async () => {
    const res = await fetch(`${signaling.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('join acks with your id and the peers present; others hear peer-joined', async () => {
    const a = await connect();
    const b = await connect();
    const first = await join(a, 'r1', 'Ana');
    expect(first).toEqual({
      ok: true,
      value: { id: a.id, room: 'r1', peers: [], resume: expect.any(String) as string, mode: 'mesh' },
    });
    const heard = next<{ id: string; name: string }>(a, 'peer-joined');
    const second = await join(b, 'r1', 'Ben');
    expect(second).toEqual({
      ok: true,
      value: {
        id: b.id,
        room: 'r1',
        peers: [{ id: a.id, name: 'Ana' }],
        resume: expect.any(String) as string,
        mode: 'mesh',
      },
    });
    expect(await heard).toEqual({ id: b.id, name: 'Ben' });
  });

  it('relays a signal to exactly the addressed peer, with the sender filled in by the server', async () => {
    const { a, b, bystanderHeard } = await pairWithBystander('r2');
    const got = next<unknown>(b, 'signal');
    const ack: unknown = await a.emitWithAck('signal', {
      to: b.id,
      data: { description: { type: 'offer', sdp: 'v=0' } },
    });
    expect(ack).toEqual({ ok: true, value: null });
    expect(await got).toEqual({ from: a.id, data: { description: { type: 'offer', sdp: 'v=0' } } });
    expect(bystanderHeard()).toBe(0);
  });

  it('signals without an ack (as the app sends them) and with one arrive at exactly the addressed peer, in the order sent', async () => {
    const { a, b, bystanderHeard } = await pairWithBystander('order');
    const got: { from: string; data: unknown }[] = [];
    const all = new Promise<void>((resolve) =>
      b.on('signal', (signal: { from: string; data: unknown }) => {
        got.push(signal);
        if (got.length === 40) resolve();
      }),
    );
    const sent = Array.from({ length: 40 }, (_, i) => ({
      candidate: { candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${1000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 },
    }));
    const acks: Promise<unknown>[] = [];
    for (const [i, data] of sent.entries()) {
      if (i % 3 === 0) acks.push(a.emitWithAck('signal', { to: b.id, data }));
      else a.emit('signal', { to: b.id, data });
    }
    await all;
    expect(got).toEqual(sent.map((data) => ({ from: a.id, data })));
    for (const ack of await Promise.all(acks)) expect(ack).toEqual({ ok: true, value: null });
    expect(bystanderHeard()).toBe(0);
  });

  it('signals written to a connection that died before they arrived are replayed when the client comes back', async () => {
    // A client on a bare WebSocket, so the test decides which frames it "received" before the drop.
    const url = `${signaling.server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const open = async (connectPacket: string) => {
      const ws = new WebSocket(url);
      const frames: string[] = [];
      const waiters: { test: (f: string) => boolean; resolve: (f: string) => void }[] = [];
      ws.on('message', (raw: Buffer) => {
        const frame = raw.toString();
        if (frame === '2') return ws.send('3'); // engine.io ping
        if (frame.startsWith('0{')) return ws.send(connectPacket);
        frames.push(frame);
        for (const w of waiters.splice(0)) {
          if (w.test(frame)) w.resolve(frame);
          else waiters.push(w);
        }
      });
      const frame = (test: (f: string) => boolean) => {
        const seen = frames.find(test);
        return seen !== undefined
          ? Promise.resolve(seen)
          : new Promise<string>((resolve) => waiters.push({ test, resolve }));
      };
      const connected = JSON.parse((await frame((f) => f.startsWith('40{'))).slice(2)) as { sid: string; pid: string };
      return { ws, frames, frame, ...connected };
    };
    const signals = (frames: string[]) =>
      frames
        .filter((f) => f.startsWith('42["signal"'))
        .map((f) => JSON.parse(f.slice(2)) as ['signal', { from: string; data: unknown }, string]);

    const a = await connect();
    await join(a, 'half-open', 'Ana');
    const ben = await open('40');
    ben.ws.send('420["join",{"room":"half-open","name":"Ben"}]');
    expect(await ben.frame((f) => f.startsWith('430'))).toContain('"ok":true');
    const data = (n: number) => ({
      candidate: { candidate: `candidate:${n} 1 udp 1 192.0.2.1 ${n} typ host`, sdpMid: '0', sdpMLineIndex: 0 },
    });
    for (const n of [1, 2, 3]) a.emit('signal', { to: ben.sid, data: data(n) });
    await ben.frame((f) => f.includes('candidate:3 '));
    // Ben only ever processed the first: the other two were on the wire when his connection died.
    const [first] = signals(ben.frames);
    expect(first?.[1]).toEqual({ from: a.id, data: data(1) });
    ben.ws.terminate();
    await expect.poll(() => signaling.server.io.sockets.sockets.has(ben.sid)).toBe(false);
    // One more while he is away.
    expect(await a.emitWithAck('signal', { to: ben.sid, data: data(4) })).toEqual({ ok: true, value: null });

    const back = await open(`40${JSON.stringify({ pid: ben.pid, offset: first![2] })}`);
    expect(back.sid).toBe(ben.sid);
    await back.frame((f) => f.includes('candidate:4 '));
    expect(signals(back.frames).map(([, signal]) => signal)).toEqual(
      [2, 3, 4].map((n) => ({ from: a.id, data: data(n) })),
    );
    back.ws.close();
  });

  it('refuses signals to someone outside your room, and signals before joining', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    expect(await a.emitWithAck('signal', { to: b.id, data: { candidate: null } })).toMatchObject({
      ok: false,
      error: { code: 'not-in-room' },
    });
    await join(a, 'r3', 'Ana');
    await join(b, 'other', 'Ben');
    expect(await a.emitWithAck('signal', { to: b.id, data: { candidate: null } })).toMatchObject({
      ok: false,
      error: { code: 'unknown-peer' },
    });
  });

  it('a fifth person is refused with a clear message; four fit', async () => {
    const sockets = await Promise.all([connect(), connect(), connect(), connect(), connect()]);
    for (const [i, s] of sockets.slice(0, 4).entries())
      expect(await join(s, 'full', `P${i}`)).toMatchObject({ ok: true });
    const refused = await join(sockets[4], 'full', 'Late');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'room-full', message: expect.stringContaining('at most 4 people') as string },
    });
  });

  it('four simultaneous joins for the last seat: exactly one gets it', async () => {
    const sockets = await Promise.all(Array.from({ length: 7 }, () => connect()));
    for (const [i, s] of sockets.slice(0, 3).entries()) await join(s, 'race', `P${i}`);
    const results = await Promise.all(sockets.slice(3).map((s, i) => join(s, 'race', `R${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('malformed payloads get an error ack and change nothing', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await join(a, 'r4', 'Ana');
    for (const bad of [
      null,
      42,
      'join',
      { room: 'r4' },
      { room: 'r4', name: 'x'.repeat(1000) },
      { room: ['r4'], name: 'B' },
    ]) {
      expect(await b.emitWithAck('join', bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    for (const bad of [
      null,
      { to: a.id },
      { to: a.id, data: { description: { type: 'offer' } } },
      { to: a.id, data: {} },
    ]) {
      expect(await b.emitWithAck('signal', bad)).toMatchObject({ ok: false });
    }
    // Without an ack callback the server just drops it.
    b.emit('join', { nonsense: true });
    b.emit('signal', 'garbage');
    expect(await join(b, 'r4', 'Ben')).toMatchObject({ ok: true, value: { peers: [{ id: a.id, name: 'Ana' }] } });
  });

  it('relays a media-state message (mute, camera off, screen share) to the addressed peer; a malformed one is refused and not relayed', async () => {
    const { a, b, bystanderHeard } = await pairWithBystander('media-state');
    const heard: unknown[] = [];
    b.on('signal', (signal: unknown) => heard.push(signal));
    const media = { muted: true, cameraOff: false, screen: '{3b0c5f0e-8d6a-4c1e-9f1a-2b7d4e6a9c01}' };
    expect(await a.emitWithAck('signal', { to: b.id, data: { media } })).toEqual({ ok: true, value: null });
    for (const bad of [
      { muted: 'yes', cameraOff: false, screen: null },
      { muted: true, cameraOff: false },
      { muted: true, cameraOff: false, screen: null, name: 'Eve' },
      { muted: true, cameraOff: false, screen: 'x'.repeat(65) },
      { muted: true, cameraOff: false, screen: 'has space' },
    ]) {
      expect(await a.emitWithAck('signal', { to: b.id, data: { media: bad } })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
    // A last good one: once it is here, everything sent before it has been delivered or dropped.
    const stopped = { muted: false, cameraOff: true, screen: null };
    expect(await a.emitWithAck('signal', { to: b.id, data: { media: stopped, session: 2 } })).toEqual({
      ok: true,
      value: null,
    });
    await expect.poll(() => heard.length).toBe(2);
    expect(heard).toEqual([
      { from: a.id, data: { media } },
      { from: a.id, data: { media: stopped, session: 2 } },
    ]);
    expect(bystanderHeard()).toBe(0);
  });

  it('leave and disconnect tell the others; the seat frees up', async () => {
    const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
    await join(a, 'r5', 'Ana');
    await join(b, 'r5', 'Ben');
    const left = next<{ id: string }>(a, 'peer-left');
    expect(await b.emitWithAck('leave')).toEqual({ ok: true, value: null });
    expect(await left).toEqual({ id: b.id });
    await join(c, 'r5', 'Cy');
    const gone = next<{ id: string }>(a, 'peer-left');
    const cid = c.id;
    c.disconnect();
    expect(await gone).toEqual({ id: cid });
    expect(await join(b, 'r5', 'Ben')).toMatchObject({ ok: true, value: { peers: [{ id: a.id, name: 'Ana' }] } });
  });

  it('a brief drop: the client comes back with its id and room, and gets the signals sent while it was away', async () => {
    const a = await connect();
    const b = io(signaling.server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    });
    await next(b, 'connect');
    await join(a, 'blip', 'Ana');
    await join(b, 'blip', 'Ben');
    // A signal first, as in any call: it gives Ben an offset to come back from.
    const first = next<unknown>(b, 'signal');
    a.emit('signal', {
      to: b.id,
      data: { candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
    });
    await first;
    const benId = b.id;
    const away = next<string>(b, 'disconnect');
    b.io.engine.close(); // the connection drops under the client (the server sees "transport close")
    await away;
    expect(b.active).toBe(true); // and the client is already on its way back
    // Sent while Ben is away: accepted, kept, and replayed when he is back.
    const missed = { description: { type: 'offer', sdp: 'v=0 sent while away' } };
    expect(await a.emitWithAck('signal', { to: benId, data: missed })).toEqual({ ok: true, value: null });
    const replayed = next<{ from: string; data: unknown }>(b, 'signal');
    await next(b, 'connect');
    expect(b.recovered).toBe(true);
    expect(b.id).toBe(benId);
    expect(await replayed).toEqual({ from: a.id, data: missed });
    b.disconnect();
  });
});
