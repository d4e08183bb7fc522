/**
 * The Call in real Chromium, with an in-memory signaling channel and a fake
 * ICE service: two people join and connect; leave() leaves nothing running
 * (peer connections, tracks, timers, signaling channels, the ice:updated
 * subscription); and fresh credentials reach every live link as a new
 * configuration value, without the old one being changed.
 */
import { describe, expect, it } from 'vitest';
import { made, openConnections, pendingTimers, reconfigured } from './leak-watch';
import { Hub } from './memory-hub';
import { caller as person, endCalls, FakeIce, iceConfig, until, type Caller as Person } from './support';

const connected = (a: Person, b: Person) =>
  a.links.get(b.call.id) === 'connected' && b.links.get(a.call.id) === 'connected';

describe('Call', () => {
  it('join, connect two people, leave(): no peer connection, track, timer, channel or subscription is left', async () => {
    const hub = new Hub();
    const ice = new FakeIce(iceConfig('first'));
    const ana = await person(hub, ice, 'Ana');
    const ben = await person(hub, ice, 'Ben');
    await until(() => connected(ana, ben), 'both connected');
    await until(() => ana.remote.length > 0 && ben.remote.length > 0, 'remote media');
    expect(openConnections().length).toBe(2);
    expect(hub.open).toBe(2);
    expect(ice.listeners.size).toBe(2);

    await endCalls(ana, ben);
    const live = (streams: MediaStream[]) =>
      streams
        .flatMap((s) => s.getTracks())
        .filter((t) => t.readyState !== 'ended')
        .map((t) => t.kind);
    expect(live([ana.call.localStream, ben.call.localStream])).toEqual([]);
    expect(ana.remote.length + ben.remote.length).toBeGreaterThanOrEqual(2);
    expect(live([...ana.remote, ...ben.remote])).toEqual([]);
    expect(openConnections()).toEqual([]);
    expect(pendingTimers.size).toBe(0);
    expect(hub.open).toBe(0);
    expect(ice.listeners.size).toBe(0);
    expect(ana.call.active).toBe(false);
  });

  it('fresh credentials reach every live link as a new value, and the old configuration is left as it was', async () => {
    const hub = new Hub();
    const ice = new FakeIce(iceConfig('first'));
    const first = ice.current;
    const firstCopy = structuredClone(first);
    const before = made.length;
    const ana = await person(hub, ice, 'Ana');
    const ben = await person(hub, ice, 'Ben');
    const cleo = await person(hub, ice, 'Cleo');
    await until(() => connected(ana, ben) && connected(ana, cleo) && connected(ben, cleo), 'all three connected');
    const live = made.slice(before);
    expect(live.length).toBe(6);

    ice.push(iceConfig('second'));
    for (const pc of live) {
      const given = reconfigured.get(pc) ?? [];
      expect(given.length).toBe(1);
      expect(given[0]?.iceServers).toEqual(iceConfig('second').iceServers);
      expect(pc.getConfiguration().iceServers?.[0]?.username).toBe('second');
    }
    // The configuration the call started with is a value nobody changed.
    expect(first).toEqual(firstCopy);
    // A link made after the refresh starts with the fresh servers.
    const dan = await person(hub, ice, 'Dan');
    await until(() => connected(ana, dan), 'Ana and Dan connected');
    const newer = made.slice(before + live.length);
    expect(newer.length).toBeGreaterThan(0);
    for (const pc of newer) expect(pc.getConfiguration().iceServers?.[0]?.username).toBe('second');
    expect([ana, ben, cleo, dan].flatMap((p) => p.problems)).toEqual([]);
  });

  it('says which kinds of servers it uses (no credentials), and follows a refresh that changes them', async () => {
    const hub = new Hub();
    const ice = new FakeIce(iceConfig('first'));
    const ana = await person(hub, ice, 'Ana');
    expect(ana.call.servers).toEqual({ turnConfigured: true, stunConfigured: false });
    ice.push({ ...iceConfig('second'), iceServers: [{ urls: 'stun:127.0.0.1:9' }] });
    expect(ana.call.servers).toEqual({ turnConfigured: false, stunConfigured: true });
    // A refresh that failed keeps the servers the call has.
    ice.push({ ...iceConfig('third'), iceServers: [], error: { what: 'w', cause: 'c', fix: 'f' } });
    expect(ana.call.servers).toEqual({ turnConfigured: false, stunConfigured: true });
    await endCalls(ana);
  });
});
