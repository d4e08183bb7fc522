/**
 * The lobby's signaling connection across calls (the signaling server for real, on port 0): a
 * call takes the lobby's connection at Join and, having left its room cleanly, gives it back at
 * hang-up, so the next Join sends its join at once instead of paying for a new handshake (a few
 * round trips to a server far away). A connection that may still be in a room is never kept.
 */
import { describe, expect, it } from 'vitest';
import { LobbyConnection } from '../../renderer/src/signaling/lobby-connection';
import type { SignalingEvents } from '../../renderer/src/signaling/socket-signaling';
import { signalingServerForFile } from '../support/signaling-clients';

const signaling = signalingServerForFile();

function events(): SignalingEvents & { left: string[] } {
  const left: string[] = [];
  return { left, state() {}, peerJoined() {}, peerLeft: (id) => left.push(id), signal() {}, reconnected() {} };
}

/** The number of connections the server holds now. */
const connections = () => signaling.server.io.engine.clientsCount;

describe('the lobby connection', () => {
  it('a call that left its room gives the connection back: the next call joins on it, with no new handshake', async () => {
    const lobby = new LobbyConnection();
    const url = signaling.server.url;
    const first = lobby.take(url, null, events());
    await first.waitConnected(url);
    const { id } = await first.join('lc1', 'Ana');
    await first.leave();
    first.close();
    expect(first.connected).toBe(true);

    const second = lobby.take(url, null, events());
    expect(second).toBe(first);
    expect(connections()).toBe(1);
    expect((await second.join('lc1', 'Ana')).id).toBe(id);
    // Closed while in the room (no leave): dropped, not kept.
    second.close();
    await expect.poll(connections).toBe(0);
    const third = lobby.take(url, null, events());
    expect(third).not.toBe(second);
    third.close(); // not up yet: dropped
    expect(third.alive).toBe(false);
  });

  it('the lobby wanting another server, or none, closes the connection it was given back', async () => {
    const lobby = new LobbyConnection();
    const url = signaling.server.url;
    const call = lobby.take(url, null, events());
    await call.waitConnected(url);
    await call.join('lc2', 'Ana');
    await call.leave();
    call.close();
    lobby.preconnect({ url, token: 'someone-elses-invite' });
    await expect.poll(() => call.connected).toBe(false);
    lobby.close();
    await expect.poll(connections).toBe(0);
  });

  it('a connection whose join was still on its way when the call left is closed: nobody stays in the room', async () => {
    const lobby = new LobbyConnection();
    const url = signaling.server.url;
    const ana = lobby.take(url, null, events());
    const benEvents = events();
    const ben = new LobbyConnection().take(url, null, benEvents);
    await Promise.all([ana.waitConnected(url), ben.waitConnected(url)]);
    await ben.join('lc3', 'Ben');
    const joining = ana.join('lc3', 'Ana');
    await ana.leave();
    ana.close();
    // Whichever the server finished first, Ana is not left in the room: she left, or her connection went.
    const { id } = await joining.catch(() => ({ id: '' }));
    if (id) await expect.poll(() => benEvents.left).toContain(id);
    ben.close();
    await expect.poll(connections).toBe(0);
  });

  it('a call that never reached the server closes its connection', () => {
    const lobby = new LobbyConnection();
    const call = lobby.take('http://127.0.0.1:9', null, events());
    call.close();
    expect(call.alive).toBe(false);
    expect(lobby.take('http://127.0.0.1:9', null, events())).not.toBe(call);
    lobby.close();
  });
});
