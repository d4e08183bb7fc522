/**
 * The mesh Room in real Chromium, with an in-memory signaling channel in
 * place of socket.io: two people join and see each other connected; Relay
 * only switched on against a TURN server that does not answer is refused with
 * its cause while the call stays up; and close() closes every connection and,
 * with the stats poller stopped, leaves no timer running.
 */
import { describe, expect, it } from 'vitest';
import { made, pendingTimers } from './leak-watch';
import { Hub } from './memory-hub';
import { joinAll, leave, person, until } from './support';

/** A TURN server nobody answers on: direct calls work, relay-only cannot. */
const silentTurn: RTCConfiguration = {
  iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }],
};

describe('Room (mesh)', () => {
  it('two people join and are connected both ways; leave() closes every connection and clears every timer', async () => {
    const hub = new Hub();
    const [ana, ben] = await Promise.all([person(hub, 'Ana'), person(hub, 'Ben')]);
    await joinAll(ana, ben);
    await until(
      () => ana.links.get(ben.room.id) === 'connected' && ben.links.get(ana.room.id) === 'connected',
      'both connected',
    );
    await until(() => (ana.diagnostics[ben.room.id]?.series.length ?? 0) > 2, 'stats polls');
    await leave(ana, ben);
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(made.filter((pc) => pc.signalingState !== 'closed')).toEqual([]);
    expect(pendingTimers.size).toBe(0);
  });

  it('Relay only that no TURN server serves: refused with its cause within seconds, and the call stays up', async () => {
    const hub = new Hub();
    const [ana, ben] = await Promise.all([person(hub, 'Ana', silentTurn), person(hub, 'Ben', silentTurn)]);
    await joinAll(ana, ben);
    const benId = ben.room.id;
    await until(() => ana.links.get(benId) === 'connected', 'Ana connected to Ben');
    const started = Date.now();
    ana.room.replace('relay');
    await until(() => ana.refused.some((m) => m !== null), 'the refusal', 10_000);
    expect(Date.now() - started).toBeLessThan(8_000);
    const words = ana.refused.find((m) => m !== null)!;
    expect(words).toMatch(/^Relay only could not be established with Ben: /);
    expect(words).toContain('The call is still direct');
    expect(ana.links.get(benId)).toBe('connected');
    expect(ana.diagnostics[benId]?.switchingTo).toBeNull();
    expect(ana.diagnostics[benId]?.switchFailure).toBe(words);
    // Ben asked for nothing: he is not told anything went wrong.
    expect(ben.problems).toEqual([]);
    // Relay only off again: nothing to replace, the refusal is withdrawn.
    ana.room.replace('all');
    expect(ana.refused.at(-1)).toBeNull();
    expect(ana.links.get(benId)).toBe('connected');
  });
});
