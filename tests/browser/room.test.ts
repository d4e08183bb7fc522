/**
 * The mesh Room in real Chromium, with an in-memory signaling channel in
 * place of socket.io: two people join and see each other connected; Relay
 * only switched on against a TURN server that does not answer is refused with
 * its cause while the call stays up; and leave() closes every connection and
 * stops the stats poll.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { Room, type RoomEvents } from '../../renderer/src/call/room';
import type { LinkState } from '../../renderer/src/call/peer-link';
import { made, pendingTimers, until } from './leak-watch';
import { Hub } from './memory-hub';

const streams: MediaStream[] = [];
const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.leave()));
  for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
});

interface Person {
  room: Room;
  links: Map<string, LinkState>;
  diagnostics: Record<string, PeerDiagnostics>;
  refused: (string | null)[];
  problems: string[];
  polls: number;
}

async function person(hub: Hub, configuration: RTCConfiguration): Promise<Person> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120 } });
  streams.push(stream);
  const p: Omit<Person, 'room'> = { links: new Map(), diagnostics: {}, refused: [], problems: [], polls: 0 };
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: () => undefined,
    peerRemoved: (id) => p.links.delete(id),
    linkState: (id, state) => p.links.set(id, state),
    remoteStream: () => undefined,
    stats: () => (p.polls += 1),
    diagnostics: (id, data) => (p.diagnostics[id] = data),
    problem: (message) => p.problems.push(message),
    relayRefused: (message) => p.refused.push(message),
  };
  const room = new Room({
    signalingUrl: 'memory:',
    configuration,
    localStream: stream,
    events,
    statsIntervalMs: 250,
    recovery: { gatherTimeoutMs: 1_500 },
    connect: hub.connect,
  });
  rooms.push(room);
  return Object.assign(p, { room });
}

/** A TURN server nobody answers on: direct calls work, relay-only cannot. */
const silentTurn: RTCConfiguration = {
  iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }],
};

describe('Room (mesh)', () => {
  it('two people join and are connected both ways; leave() closes every connection and clears every timer', async () => {
    const hub = new Hub();
    const [ana, ben] = await Promise.all([person(hub, {}), person(hub, {})]);
    await ana.room.join('r', 'Ana');
    await ben.room.join('r', 'Ben');
    await until(
      () => ana.links.get(ben.room.id) === 'connected' && ben.links.get(ana.room.id) === 'connected',
      'both connected',
    );
    await until(() => ana.polls > 2, 'stats polls');
    await Promise.all([ana.room.leave(), ben.room.leave()]);
    rooms.length = 0;
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(made.filter((pc) => pc.signalingState !== 'closed')).toEqual([]);
    expect(pendingTimers.size).toBe(0);
  });

  it('Relay only that no TURN server serves: refused with its cause within seconds, and the call stays up', async () => {
    const hub = new Hub();
    const [ana, ben] = await Promise.all([person(hub, silentTurn), person(hub, silentTurn)]);
    await ana.room.join('r', 'Ana');
    await ben.room.join('r', 'Ben');
    const benId = ben.room.id;
    await until(() => ana.links.get(benId) === 'connected', 'Ana connected to Ben');
    const started = Date.now();
    ana.room.setRelayOnly(true);
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
    ana.room.setRelayOnly(false);
    expect(ana.refused.at(-1)).toBeNull();
    expect(ana.links.get(benId)).toBe('connected');
  });
});
