/**
 * Relay only switched on mid-call, through a real coturn: each link is
 * replaced make-before-break. While the relayed connection is negotiated the
 * old one stays connected and keeps receiving media; only once the new one is
 * connected is the old one closed; the call then runs through the relay. Then
 * the cleanup check: leaving (also in the middle of a switch) leaves no peer
 * connection, timer or live track.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesReceived, type StatsRecord } from '../../shared/stats';
import { made, openConnections, pendingTimers } from './leak-watch';
import { Hub } from './memory-hub';
import { joinAll, leave, person, turn, until, type BrowserTurn, type Person } from './support';

let server: BrowserTurn;
beforeAll(async () => {
  server = await turn.startTurn();
});
afterAll(() => turn.closeTurn());

const liveTracks = (people: Person[]) =>
  people
    .flatMap((p) => [...p.remote.values()])
    .flatMap((s) => s.getTracks())
    .filter((t) => t.readyState !== 'ended');

async function received(pc: RTCPeerConnection): Promise<number> {
  return bytesReceived([...(await pc.getStats()).values()] as StatsRecord[]);
}

const open = (pc: RTCPeerConnection) => pc.connectionState !== 'closed';
/** Ana's connections are made with max-bundle, Ben's with the default: who owns which. */
const owner = (pc: RTCPeerConnection) => (pc.getConfiguration().bundlePolicy === 'max-bundle' ? 'ana' : 'ben');

/**
 * Samples every connection until stopped: at each moment, per side, the old
 * connection's state and the replacement's; and the last byte count each old
 * connection had while still open.
 */
function sampler(old: RTCPeerConnection[], fresh: () => RTCPeerConnection[]) {
  const moments: { side: string; old: RTCPeerConnectionState; fresh: RTCPeerConnectionState | null }[] = [];
  const lastBytes = old.map(() => 0);
  let running = true;
  const timer = setInterval(() => {
    for (const pc of old) {
      const next = fresh().find((f) => owner(f) === owner(pc));
      moments.push({ side: owner(pc), old: pc.connectionState, fresh: next?.connectionState ?? null });
    }
  }, 10);
  const bytes = (async () => {
    while (running) {
      await Promise.all(
        old.map(async (pc, i) => {
          if (!open(pc)) return;
          const n = await received(pc).catch(() => 0);
          if (open(pc)) lastBytes[i] = Math.max(lastBytes[i]!, n);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    moments,
    lastBytes,
    stop: async () => {
      running = false;
      clearInterval(timer);
      await bytes;
    },
  };
}

describe('Relay only mid-call, make-before-break (real coturn)', () => {
  it('the old link carries media until the relayed one is connected; then the old one closes', async () => {
    const hub = new Hub();
    const [ana, ben] = await Promise.all([
      person(hub, 'Ana', { iceServers: [server], bundlePolicy: 'max-bundle' }),
      person(hub, 'Ben', { iceServers: [server] }),
    ]);
    const before = made.length;
    await joinAll(ana, ben);
    const benId = ben.room.id;
    await until(() => ana.links.get(benId) === 'connected' && ben.links.get(ana.room.id) === 'connected', 'direct');
    await until(() => ana.diagnostics[benId]?.latest?.path?.local.type === 'host', 'a direct path in use');
    const old = made.slice(before);
    expect(old.map(owner).sort()).toEqual(['ana', 'ben']);
    const bytesAtSwitch = await Promise.all(old.map(received));

    const watch = sampler(old, () => made.slice(before + 2));
    ana.room.replace('relay');
    expect(ana.diagnostics[benId]?.switchingTo).toBe('relay');
    await until(() => ana.diagnostics[benId]?.session === 1, 'the relayed connection took over', 20_000);
    await until(() => old.every((pc) => pc.connectionState === 'closed'), 'the old connections closed');
    await watch.stop();
    // Media kept arriving on the old connections while the new ones negotiated.
    expect(watch.lastBytes.every((bytes, i) => bytes > bytesAtSwitch[i]!)).toBe(true);

    const fresh = made.slice(before + 2);
    expect(fresh.length).toBe(2);
    // On neither side was the old connection gone before its replacement was connected...
    expect(watch.moments.filter((m) => m.old !== 'connected' && m.fresh !== 'connected')).toEqual([]);
    // ...and there were moments with the replacement still negotiating and the old one connected.
    expect(watch.moments.some((m) => m.old === 'connected' && m.fresh !== null && m.fresh !== 'connected')).toBe(true);
    expect(ana.links.get(benId)).toBe('connected');
    expect(ana.diagnostics[benId]?.policy).toBe('relay');
    await until(() => ana.diagnostics[benId]?.latest?.path?.local.type === 'relay', 'the relayed path in use');
    expect([...ana.problems, ...ben.problems, ...ana.refused.filter(Boolean)]).toEqual([]);

    await leave(ana, ben);
    expect(openConnections()).toEqual([]);
    expect(pendingTimers.size).toBe(0);
    expect(liveTracks([ana, ben])).toEqual([]);
  });

  it('Relay only off mid-call, and the direct connection does not come in time: the call stays relayed, and the words say only what happened', async () => {
    const hub = new Hub();
    const relayed: RTCConfiguration = { iceServers: [server], iceTransportPolicy: 'relay' };
    // A deadline no connection can meet: the replacement is still negotiating when it passes.
    const [ana, ben] = await Promise.all([
      person(hub, 'Ana', relayed, { switchTimeoutMs: 1 }),
      person(hub, 'Ben', relayed),
    ]);
    await joinAll(ana, ben);
    const benId = ben.room.id;
    await until(() => ana.diagnostics[benId]?.latest?.path?.local.type === 'relay', 'a relayed call');
    ana.room.replace('all');
    await until(() => ana.problems.length > 0, 'the switch given up');
    expect(ana.problems).toEqual([
      expect.stringMatching(
        /^Could not switch the connection to Ben to direct: the new connection did not connect within 1 ms/,
      ),
    ]);
    expect(ana.problems[0]).not.toContain('NAT traversal');
    expect(ana.diagnostics[benId]?.switchFailure).toBe(ana.problems[0]);
    expect(ana.diagnostics[benId]?.session).toBe(0);
    expect(ana.links.get(benId)).toBe('connected');
    await leave(ana, ben);
    expect(openConnections()).toEqual([]);
  });

  it('leaving in the middle of a switch leaves no connection or timer behind', async () => {
    const hub = new Hub();
    // A TURN server nobody answers: the replacement waits on its gathering and switch deadlines.
    const silent: RTCConfiguration = {
      iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }],
    };
    const [ana, ben] = await Promise.all([person(hub, 'Ana', silent), person(hub, 'Ben', silent)]);
    await joinAll(ana, ben);
    const benId = ben.room.id;
    await until(() => ana.links.get(benId) === 'connected', 'connected');
    ana.room.replace('relay');
    await until(() => ana.diagnostics[benId]?.switchingTo === 'relay', 'the switch under way');
    expect(pendingTimers.size).toBeGreaterThan(0);
    await leave(ana, ben);
    expect(openConnections()).toEqual([]);
    expect(pendingTimers.size).toBe(0);
    expect(liveTracks([ana, ben])).toEqual([]);
  });
});
