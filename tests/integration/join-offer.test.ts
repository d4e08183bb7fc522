/**
 * A join that carries the newcomer's first offer (the signaling server for real, on port 0):
 * the offer is relayed only once the join is admitted, to one person present, after their
 * peer-joined, and the ack says to whom; a malformed offer refuses the whole join; a join the
 * room does not admit relays nothing.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { signalingServerForFile } from '../support/signaling-clients';

const signaling = signalingServerForFile();
const { connect, join } = signaling;

const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

/** Everything `s` hears, in order (events and their payloads). */
function heard(s: Socket): [string, unknown][] {
  const all: [string, unknown][] = [];
  s.onAny((event: string, payload: unknown) => all.push([event, payload]));
  return all;
}

describe('a join with the first offer', () => {
  it('goes to one person present after their peer-joined, as a signal from the newcomer; the ack names them', async () => {
    const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
    await join(a, 'jo1', 'Ana');
    await join(b, 'jo1', 'Ben');
    const [atAna, atBen] = [heard(a), heard(b)];
    const ack: unknown = await c.emitWithAck('join', { room: 'jo1', name: 'Cy', offer: OFFER });
    expect(ack).toMatchObject({ ok: true, value: { id: c.id, peers: [{ id: a.id }, { id: b.id }] } });
    const offeredTo = (ack as { value: { offeredTo: string } }).value.offeredTo;
    expect([a.id, b.id]).toContain(offeredTo);
    const [given, other] = offeredTo === a.id ? [atAna, atBen] : [atBen, atAna];
    await expect.poll(() => given.length).toBe(2);
    expect(given).toEqual([
      ['peer-joined', { id: c.id, name: 'Cy' }],
      ['signal', { from: c.id, data: { description: OFFER } }],
    ]);
    await expect.poll(() => other.length).toBe(1);
    expect(other).toEqual([['peer-joined', { id: c.id, name: 'Cy' }]]);
  });

  it('into an empty room: admitted, nobody is offered', async () => {
    const a = await connect();
    const ack: unknown = await a.emitWithAck('join', { room: 'jo2', name: 'Ana', offer: OFFER });
    expect(ack).toMatchObject({ ok: true, value: { peers: [] } });
    expect((ack as { value: Record<string, unknown> }).value).not.toHaveProperty('offeredTo');
  });

  it('a malformed offer refuses the join and relays nothing; a refused join relays nothing', async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connect()));
    const [a, b] = sockets as [Socket, Socket];
    await join(a, 'jo3', 'Ana');
    const atAna = heard(a);
    for (const offer of [
      { type: 'answer', sdp: 'v=0' },
      { type: 'offer', sdp: 'x'.repeat(40_000) },
      { type: 'offer', sdp: 'v=0', extra: 1 },
      { type: 'offer' },
      'v=0',
    ]) {
      expect(await b.emitWithAck('join', { room: 'jo3', name: 'Ben', offer })).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
    // A full room: the fifth person's offer reaches nobody.
    for (const [i, s] of sockets.slice(1, 4).entries()) await join(s, 'jo3', `P${i}`);
    const late = await connect();
    expect(await late.emitWithAck('join', { room: 'jo3', name: 'Late', offer: OFFER })).toMatchObject({
      ok: false,
      error: { code: 'room-full' },
    });
    // A round trip of Ana's own: everything the server sent her before it has arrived.
    await new Promise((resolve) => a.emit('leave', resolve));
    // She heard the three who got in, and nothing of Ben's refused joins or the late one's offer.
    expect(atAna.map(([event, payload]) => [event, (payload as { name?: string }).name])).toEqual([
      ['peer-joined', 'P0'],
      ['peer-joined', 'P1'],
      ['peer-joined', 'P2'],
    ]);
  });
});
