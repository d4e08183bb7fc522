/**
 * Glare through whole Calls: fresh TURN credentials reach both sides of a
 * relayed call at the same moment, so both restart ICE and both offers are on
 * the wire before either arrives (the hub holds them). Perfect negotiation
 * resolves it: the polite side yields, both settle, and video keeps flowing
 * both ways, with nothing said to either person.
 */
import { describe, expect, it } from 'vitest';
import { snapshot, type StatsRecord } from '../../shared/stats';
import { made } from './leak-watch';
import { Hub } from './memory-hub';
import { caller, FakeIce, iceConfig, until, type Caller } from './support';

const connected = (a: Caller, b: Caller) =>
  a.links.get(b.call.id) === 'connected' && b.links.get(a.call.id) === 'connected';

/** Frames decoded by a peer connection (seen through the leak watch, as the test's own probe). */
async function decoded(pc: RTCPeerConnection): Promise<number> {
  return snapshot([...(await pc.getStats()).values()] as StatsRecord[]).video.framesDecoded;
}

async function videoFlows(pcs: RTCPeerConnection[]): Promise<void> {
  await Promise.all(
    pcs.map(async (pc) => {
      const start = await decoded(pc);
      await expect.poll(() => decoded(pc), { timeout: 10_000, interval: 100 }).toBeGreaterThan(start + 10);
    }),
  );
}

describe('glare through the Call', () => {
  it('both sides restart ICE at once on a credential refresh: the offers collide, both settle, video flows both ways', async () => {
    const hub = new Hub();
    const ice = new FakeIce(iceConfig('first'));
    const before = made.length;
    // Relayed: a refresh restarts ICE (the relay allocation needs the fresh credentials).
    const ana = await caller(hub, ice, 'Ana', { isRelayed: () => true });
    const ben = await caller(hub, ice, 'Ben', { isRelayed: () => true });
    await until(() => connected(ana, ben), 'both connected');
    const pcs = made.slice(before);
    expect(pcs.length).toBe(2);
    await videoFlows(pcs);

    for (let round = 1; round <= 2; round += 1) {
      const offersBefore = hub.sent.length;
      hub.hold();
      ice.push(iceConfig(`refresh-${round}`));
      // Both offers are out before either side has seen the other's.
      const offerers = () =>
        new Set(
          hub.sent
            .slice(offersBefore)
            .filter((s) => 'description' in s.data && s.data.description.type === 'offer')
            .map((s) => s.from),
        );
      await until(() => offerers().size === 2, 'an offer from each side');
      hub.release();
      await until(
        () => connected(ana, ben) && pcs.every((pc) => pc.signalingState === 'stable'),
        `round ${round}: both settled`,
        15_000,
      );
      await videoFlows(pcs);
    }
    // Still the same two connections: glare was resolved, not worked around by replacing them.
    expect(made.length - before).toBe(2);
    expect([...ana.problems, ...ben.problems]).toEqual([]);
  });
});
