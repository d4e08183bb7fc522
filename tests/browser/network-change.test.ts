/**
 * A network change reaching a real PeerLink pair in Chromium. The change
 * names the address the selected pair starts from: ICE restarts at once and
 * the old pair keeps carrying video until the new one is selected (frames
 * never stop, the link never says "reconnecting"). A change on an address the
 * pair does not use does nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineKind } from '../../shared/diagnostics';
import type { NetworkAddress, NetworkChange } from '../../shared/network-change';
import { selectedPath, snapshot } from '../../shared/stats';
import { selectedLocalEnd } from '../../renderer/src/call/network-change';
import { PeerLink } from '../../renderer/src/call/peer-link';
import { LinkRecorder } from '../../renderer/src/diagnostics/link-recorder';
import type { LinkState } from '../../renderer/src/call/link';
import { openConnections, pendingTimers } from './leak-watch';
import { media, until } from './support';

interface Side {
  link: PeerLink;
  states: LinkState[];
  events: { kind: TimelineKind; value: string }[];
  recoveries: string[];
  /** What the diagnostics record of this link (as the Room wires it). */
  recorder: LinkRecorder;
  /** Tells this side's link of a network change, as the Call forwards `network:changed`. */
  tell(change: NetworkChange): void;
}

const made: Side[] = [];
afterEach(() => {
  for (const side of made.splice(0)) side.link.close();
});

async function pair(): Promise<{ a: Side; b: Side }> {
  const [sa, sb] = await Promise.all([media(320, 240), media(320, 240)]);
  const sides: Partial<Record<'a' | 'b', Side>> = {};
  const make = (name: 'a' | 'b', other: 'a' | 'b', stream: MediaStream): Side => {
    const listeners = new Set<(change: NetworkChange) => void>();
    const recorder = new LinkRecorder(other, other, () => {});
    const side: Omit<Side, 'link'> = {
      recorder,
      states: [],
      events: [],
      recoveries: [],
      tell: (change) => listeners.forEach((l) => l(change)),
    };
    const link = new PeerLink({
      remoteId: other,
      polite: name === 'b',
      initiator: name === 'a',
      configuration: {},
      localStream: stream,
      send: (data) => queueMicrotask(() => void sides[other]?.link.handle(data)),
      onState: (s) => (side.states.push(s), recorder.state(s)),
      onEvent: (kind, value) => (side.events.push({ kind, value }), recorder.linkEvent(kind, value, 0)),
      onRecovery: (cause, detail) => (side.recoveries.push(`${cause}: ${detail}`), recorder.recovery(cause, detail, 0)),
      network: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    const full = Object.assign(side, { link });
    made.push(full);
    return full;
  };
  const a = (sides.a = make('a', 'b', sa));
  const b = (sides.b = make('b', 'a', sb));
  a.link.connect();
  b.link.connect();
  await until(() => a.link.state === 'connected' && b.link.state === 'connected', 'both connected');
  return { a, b };
}

const change = (patch: Partial<NetworkChange>): NetworkChange => ({
  at: Date.now(),
  reason: 'poll',
  added: [],
  removed: [],
  addresses: [],
  defaultRoute: null,
  ...patch,
});
const address = (name: string, value: string): NetworkAddress => ({
  name,
  address: value,
  family: value.includes(':') ? 'IPv6' : 'IPv4',
  internal: false,
});
const restarts = (side: Side) => side.events.filter((e) => e.value === 'restart for a network change').length;

/** Polls the link's stats every 50 ms until `done`, and returns the longest time frames stopped decoding. */
async function longestStall(link: PeerLink, done: () => boolean, also?: Side): Promise<number> {
  let frames = snapshot(await link.stats()).video.framesDecoded;
  let since = performance.now();
  let longest = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = performance.now();
    const next = snapshot(await link.stats()).video.framesDecoded;
    if (also) also.recorder.stats(await also.link.stats());
    if (next > frames) {
      longest = Math.max(longest, now - since);
      frames = next;
      since = now;
    }
    if (done()) return Math.max(longest, now - since);
  }
}

describe('network changes (real PeerLinks in Chromium)', () => {
  it("the selected pair's address goes away: ICE restarts at once, media keeps flowing until the new pair is selected", async () => {
    const { a, b } = await pair();
    const before = await a.link.stats();
    const local = selectedLocalEnd(before);
    const pairBefore = selectedPath(before)?.pairId;
    expect(local?.type).toBe('host');
    const ourAddress = address('eth0', local!.address);
    const pairs = () => a.events.filter((e) => e.kind === 'pair').length;
    const pairsBefore = pairs();
    a.recorder.stats(before);

    a.tell(change({ removed: [ourAddress], addresses: [address('wlan0', '10.1.0.7')] }));
    expect(restarts(a)).toBe(1);
    expect(a.recoveries).toEqual([`network-change: eth0 lost ${local!.address}: the path started there`]);
    // Frames on B's side (what A sends) while the restart runs, until the new pair is selected and signaling is stable.
    const stall = await longestStall(b.link, () => pairs() > pairsBefore && a.link.state === 'connected', a);
    const after = await a.link.stats();
    expect(selectedPath(after)?.pairId).not.toBe(pairBefore);
    console.log(`network-change restart: longest gap in decoded frames ${Math.round(stall)} ms`);
    expect(stall).toBeLessThan(1_000);
    expect(a.states).not.toContain('reconnecting');
    expect(b.states).not.toContain('reconnecting');
    // The diagnostics close the recovery once frames arrive on the new pair: cause, gap and both paths.
    await expect
      .poll(
        async () => {
          a.recorder.stats(await a.link.stats());
          return a.recorder.current.recoveries[0]?.outcome;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe('recovered');
    const recorded = a.recorder.current.recoveries[0]!;
    expect(recorded).toMatchObject({ cause: 'network-change', from: 'host', to: 'host' });
    expect(recorded.gapMs).toBeGreaterThan(0);
    expect(recorded.gapMs).toBeLessThan(1_000);
    const said = a.recorder.current.timeline.filter((e) => e.kind === 'recovery').map((e) => e.value);
    console.log(said.join('\n'));
    expect(said.at(-1)).toMatch(
      /^network change \(eth0 lost .*\): recovered in \d+ ms, media gap \d+ ms, host → host$/,
    );
  });

  it('a change on an interface the pair does not use does nothing (a later one on its address does)', async () => {
    const { a } = await pair();
    const local = selectedLocalEnd(await a.link.stats())!;
    const vpn = address('tun0', '10.8.0.2');
    a.tell(change({ added: [vpn], addresses: [address('eth0', local.address), vpn] }));
    a.tell(change({ removed: [vpn], addresses: [address('eth0', local.address)] }));
    a.tell(change({ defaultRoute: { from: 'tun0', to: 'eth0' }, addresses: [address('eth0', local.address)] }));
    expect(restarts(a)).toBe(0);
    expect(a.recoveries).toEqual([]);
    expect(a.events.filter((e) => e.kind === 'network').map((e) => e.value)).toEqual([
      'tun0 gained 10.8.0.2; the path runs over eth0, unchanged: nothing to do',
      `tun0 lost 10.8.0.2; the path runs over eth0, unchanged: nothing to do`,
      `the default route moved from tun0 to eth0; the path runs over eth0, unchanged: nothing to do`,
    ]);
    // The same link does react to a change on its own interface: the ones above were judged, not missed.
    a.tell(change({ defaultRoute: { from: 'eth0', to: 'tun0' }, addresses: [address('eth0', local.address)] }));
    expect(restarts(a)).toBe(1);
    await until(
      () => a.events.some((e) => e.kind === 'signaling' && e.value === 'stable') && a.link.state === 'connected',
      'stable',
    );
    expect(a.states).not.toContain('reconnecting');
  });

  it('closing the link leaves no subscription, connection or timer behind', async () => {
    const { a, b } = await pair();
    a.link.close();
    b.link.close();
    made.splice(0);
    expect(openConnections()).toEqual([]);
    expect(pendingTimers.size).toBe(0);
  });
});
