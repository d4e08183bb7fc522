/**
 * Resume secrets (issue 14, finding 9): a client that reconnects without its
 * session names its old id so the room drops the old link at once. Naming
 * someone else's id used to make the room hear that they left; now the id
 * counts only with the secret the server handed it at join.
 */
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startSignalingServer } from '../../server/signaling-server';
import type { Ack, JoinResult } from '../../shared/signaling';

const next = <T>(s: Socket, event: string) => new Promise<T>((resolve) => s.once(event, resolve));
const join = (s: Socket, room: string, name: string) =>
  s.emitWithAck('join', { room, name }) as Promise<Ack<JoinResult>>;

describe('previousId and its resume secret', () => {
  it('finding 9: previousId counts only with the resume secret the server handed that socket', async () => {
    // A long recovery window, so Ana's seat outlasts this test on a slow machine.
    const own = await startSignalingServer({ port: 0, recoveryWindowMs: 60_000 });
    onTestFinished(() => own.close());
    const ana = io(own.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const ben = io(own.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await Promise.all([next(ben, 'connect'), next(ana, 'connect')]);
    const joined = await join(ana, 'rejoin', 'Ana');
    await join(ben, 'rejoin', 'Ben');
    if (!joined.ok) throw new Error('Ana could not join');
    const anaId = ana.id!;
    const resume = joined.value.resume;
    // Ana's connection drops: the room keeps her seat for the recovery window.
    const away = next<string>(ana, 'disconnect');
    ana.io.engine.close();
    await away;
    const heard: string[] = [];
    ben.on('peer-left', (p: { id: string }) => p.id === anaId && heard.push('Ana left'));
    ben.on('peer-joined', (p: { id: string; name: string }) => heard.push(`${p.name} joined`));
    // Eve claims to be Ana coming back, with no secret and with made-up ones: nobody hears Ana left.
    const claims = [
      ['Eve', { previousId: anaId }],
      ['Eve2', { previousId: anaId, resume: 'A'.repeat(43) }],
      ['Eve3', { previousId: anaId, resume: (resume ?? 'x').slice(0, -1) }],
    ] as const;
    for (const [name, auth] of claims) {
      const eve = io(own.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
      await next(eve, 'connect');
      // peer-left for a previousId goes out before peer-joined: once Ben hears Eve, he would have heard that.
      const seen = next(ben, 'peer-joined');
      expect(await join(eve, 'rejoin', name)).toMatchObject({ ok: true });
      await seen;
      const eveLeft = next(ben, 'peer-left');
      eve.disconnect();
      await eveLeft;
    }
    expect(heard).toEqual(['Eve joined', 'Eve2 joined', 'Eve3 joined']);
    expect(resume).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The real Ana, back on a new connection with her secret: Ben hears at once that the old one left.
    const back = io(own.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { previousId: anaId, resume },
    });
    await next(back, 'connect');
    const joinedAgain = next<{ name: string }>(ben, 'peer-joined');
    expect(await join(back, 'rejoin', 'Ana')).toMatchObject({ ok: true });
    await joinedAgain;
    expect(heard).toEqual(['Eve joined', 'Eve2 joined', 'Eve3 joined', 'Ana left', 'Ana joined']);
    back.disconnect();
    ben.disconnect();
  });

  it('a network change the old connection did not survive: the new one with the secret takes over at once', async () => {
    const own = await startSignalingServer({ port: 0, recoveryWindowMs: 60_000 });
    onTestFinished(() => own.close());
    const ana = io(own.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const ben = io(own.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await Promise.all([next(ben, 'connect'), next(ana, 'connect')]);
    const joined = await join(ana, 'moved', 'Ana');
    await join(ben, 'moved', 'Ben');
    if (!joined.ok) throw new Error('Ana could not join');
    const anaId = ana.id!;
    // Ana's laptop moved to another network: her old connection still looks alive to the server
    // (nothing refused it yet), and her app connects again from the new network with its secret.
    const oldGone = next<string>(ana, 'disconnect');
    const benHears = next<{ id: string }>(ben, 'peer-left');
    const back = io(own.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { previousId: anaId, resume: joined.value.resume },
    });
    onTestFinished(() => void back.disconnect());
    await next(back, 'connect');
    const again = await join(back, 'moved', 'Ana');
    if (!again.ok) throw new Error('Ana could not join again');
    // Her new self does not meet her old self, Ben drops the old one now, and the server closes it.
    expect(again.value.peers.map((p) => p.name)).toEqual(['Ben']);
    expect(await benHears).toEqual({ id: anaId });
    expect(await oldGone).toBe('io server disconnect');
    ben.disconnect();
  });
});
