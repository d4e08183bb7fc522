/**
 * A newcomer's first offer travels with its join (the hub relays it as server/rooms.ts does):
 * it is the newcomer's first message to that person and its only offer, the call connects
 * with media both ways, the setup phases say the offer ran in parallel with the join, and
 * an offer nobody took (an empty room) leaves no connection open.
 */
import { describe, expect, it } from 'vitest';
import { setupPhases } from '../../shared/setup-phases';
import type { SignalData } from '../../shared/signaling';
import { openConnections } from './leak-watch';
import { Hub } from './memory-hub';
import { caller, endCalls, FakeIce, until, type Caller } from './support';

const ice = () => new FakeIce({ iceServers: [], expiresAt: null, source: 'test', error: null });
const isOffer = (d: SignalData) => 'description' in d && d.description.type === 'offer';
const connected = (a: Caller, b: Caller) =>
  a.links.get(b.call.id) === 'connected' && b.links.get(a.call.id) === 'connected';

describe('the first offer goes with the join', () => {
  it("is the newcomer's first message and only offer; the call connects; the phases say it ran with the join", async () => {
    const hub = new Hub({ joinOffers: true });
    const servers = ice();
    const ana = await caller(hub, servers, 'Ana');
    // Ana joined an empty room: the offer she made went nowhere and is closed already.
    expect(openConnections()).toEqual([]);
    const ben = await caller(hub, servers, 'Ben');
    await until(() => connected(ana, ben) && ana.remote.length > 0 && ben.remote.length > 0, 'connected');
    const fromBen = hub.sent.filter((s) => s.from === ben.call.id);
    expect(isOffer(fromBen[0]!.data)).toBe(true);
    expect(fromBen.filter((s) => isOffer(s.data))).toHaveLength(1);
    expect(hub.sent.filter((s) => s.from === ana.call.id && isOffer(s.data))).toHaveLength(0);
    expect(openConnections()).toHaveLength(2);
    const record = ben.diagnostics[ana.call.id]?.setups.find((s) => s.session === 0);
    const phases = setupPhases(record!).phases;
    expect(phases.find((p) => p.name === 'offer')?.status).toBe('parallel');
    expect(phases.find((p) => p.name === 'answer')?.status).toBe('measured');
    expect(ana.problems.concat(ben.problems)).toEqual([]);
    await endCalls(ana, ben);
    expect(openConnections()).toEqual([]);
  });

  it('with two present, one gets the join’s offer and the other an offer after the ack; all connect', async () => {
    const hub = new Hub({ joinOffers: true });
    const servers = ice();
    const ana = await caller(hub, servers, 'Ana');
    const ben = await caller(hub, servers, 'Ben');
    const cleo = await caller(hub, servers, 'Cleo');
    await until(() => connected(ana, ben) && connected(ana, cleo) && connected(ben, cleo), 'all three connected');
    const offers = hub.sent.filter((s) => s.from === cleo.call.id && isOffer(s.data)).map((s) => s.to);
    expect(offers.sort()).toEqual([ana.call.id, ben.call.id].sort());
    expect(openConnections()).toHaveLength(6);
    expect([ana, ben, cleo].flatMap((p) => p.problems)).toEqual([]);
  });
});
