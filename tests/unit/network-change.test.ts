/** What a network change means for one link's path (network-change.ts), and the backoff of repeated restarts. */
import { describe, expect, it } from 'vitest';
import type { NetworkAddress, NetworkChange } from '../../shared/network-change';
import { signalingPathTouched } from '../../shared/network-change';
import { networkVerdict, type LocalEnd } from '../../renderer/src/call/network-change';
import { RestartRun, backoffDelay, jittered } from '../../renderer/src/call/restart-backoff';

const at = (name: string, address: string): NetworkAddress => ({ name, address, family: 'IPv4', internal: false });
const change = (patch: Partial<NetworkChange>): NetworkChange => ({
  at: 0,
  reason: 'poll',
  added: [],
  removed: [],
  addresses: [],
  defaultRoute: null,
  ...patch,
});
const host: LocalEnd = { type: 'host', address: '192.168.1.20', relatedAddress: null };
const srflx: LocalEnd = { type: 'srflx', address: '203.0.113.7', relatedAddress: '192.168.1.20' };
// A relay behind a NAT: the TURN server saw the router's address, not one of ours.
const relayBehindNat: LocalEnd = { type: 'relay', address: '198.51.100.4', relatedAddress: '203.0.113.7' };
const wifi = at('wlan0', '192.168.1.20');
const ethernet = at('eth0', '10.0.0.5');

describe('networkVerdict', () => {
  it('restarts when the address the path starts from goes away (host, or the base of a srflx)', () => {
    for (const local of [host, srflx]) {
      const verdict = networkVerdict(change({ removed: [wifi], addresses: [ethernet] }), local, true);
      expect(verdict).toEqual({ restart: true, why: 'wlan0 lost 192.168.1.20: the path started there' });
    }
  });

  it('restarts when the default route leaves the interface the path runs over', () => {
    const moved = change({ defaultRoute: { from: 'wlan0', to: 'eth0' }, addresses: [wifi, ethernet] });
    expect(networkVerdict(moved, host, true).restart).toBe(true);
  });

  it('does nothing for a change on another interface', () => {
    const vpn = at('tun0', '10.8.0.2');
    expect(networkVerdict(change({ added: [vpn], addresses: [wifi, vpn] }), host, true).restart).toBe(false);
    expect(networkVerdict(change({ removed: [ethernet], addresses: [wifi] }), srflx, true).restart).toBe(false);
    const toUs = change({ defaultRoute: { from: 'eth0', to: 'wlan0' }, addresses: [wifi, ethernet] });
    expect(networkVerdict(toUs, host, true)).toEqual({
      restart: false,
      why: 'the default route moved from eth0 to wlan0; the path runs over wlan0, unchanged',
    });
  });

  it('checks a relay whose interface cannot be told when an address goes, not when one only appears', () => {
    expect(networkVerdict(change({ removed: [ethernet], addresses: [wifi] }), relayBehindNat, true)).toEqual({
      restart: true,
      why: "eth0 lost 10.0.0.5: the relay path's own interface cannot be told, so it is checked",
    });
    expect(
      networkVerdict(change({ added: [ethernet], addresses: [wifi, ethernet] }), relayBehindNat, true).restart,
    ).toBe(false);
  });

  it('a link that is down restarts when a network appears (a chance of a path), not when one goes', () => {
    expect(networkVerdict(change({ added: [ethernet], addresses: [ethernet] }), host, false).restart).toBe(true);
    expect(networkVerdict(change({ removed: [ethernet], addresses: [] }), host, false).restart).toBe(false);
  });

  it('does nothing before any path is selected', () => {
    expect(networkVerdict(change({ removed: [wifi] }), null, true).restart).toBe(false);
  });
});

describe('restart backoff', () => {
  it('spreads each delay over half to one and a half of itself; at once stays at once', () => {
    expect(jittered(1_000, () => 0)).toBe(500);
    expect(jittered(1_000, () => 1)).toBe(1_500);
    expect(jittered(0, () => 1)).toBe(0);
    expect(backoffDelay(9, [0, 1_000, 8_000], () => 0.5)).toBe(8_000);
  });

  it('a run of restarts waits longer each time, and starts again at once after a quiet spell', () => {
    const run = new RestartRun([0, 1_000, 2_000], 15_000, () => 0.5);
    expect(run.next(0)).toBe(0);
    expect(run.next(100)).toBe(1_000);
    expect(run.next(200)).toBe(2_000);
    expect(run.next(300)).toBe(2_000);
    // The last restart was due at 2300: quiet from then for more than 15 s.
    expect(run.next(17_301)).toBe(0);
  });

  it('two sides with different random draws do not restart at the same moment', () => {
    const one = new RestartRun([0, 1_000], 15_000, () => 0.1);
    const other = new RestartRun([0, 1_000], 15_000, () => 0.9);
    one.next(0);
    other.next(0);
    expect(Math.abs(one.next(10) - other.next(10))).toBeGreaterThanOrEqual(700);
  });
});

describe('signalingPathTouched', () => {
  const at = (name: string, address: string, family: 'IPv4' | 'IPv6' = 'IPv4') => ({
    name,
    address,
    family,
    internal: false,
  });
  const change = (partial: Partial<NetworkChange>): NetworkChange => ({
    at: 0,
    reason: 'poll',
    added: [],
    removed: [],
    addresses: [],
    defaultRoute: null,
    ...partial,
  });
  it('the default route moving, or an interface renumbered, may have cut the signaling connection', () => {
    expect(signalingPathTouched(change({ defaultRoute: { from: 'eth0', to: 'eth1' } }))).toBe(true);
    expect(
      signalingPathTouched(change({ removed: [at('wlan0', '192.168.1.5')], added: [at('wlan0', '192.168.1.9')] })),
    ).toBe(true);
  });
  it('a third interface coming or going, or a route appearing from none, does not', () => {
    expect(signalingPathTouched(change({ added: [at('extra0', '192.0.2.77')] }))).toBe(false);
    expect(signalingPathTouched(change({ removed: [at('extra0', '192.0.2.77')] }))).toBe(false);
    expect(signalingPathTouched(change({ defaultRoute: { from: null, to: 'eth0' } }))).toBe(false);
    expect(
      signalingPathTouched(change({ removed: [at('wlan0', '192.168.1.5')], added: [at('wlan0', 'fe80::1', 'IPv6')] })),
    ).toBe(false);
  });
});
