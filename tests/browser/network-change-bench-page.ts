/**
 * The in-page half of the network-change bench (bench/network-change.bench.ts
 * serves it through Vite, from bench/network-change.html and drives it from Playwright): two real PeerLinks in
 * this Chromium page, wired to each other as the browser test does, and one
 * injected network change on A's side, as the Call forwards `network:changed`.
 * Measured from frames on the far side (B's view of A, requestVideoFrameCallback):
 * the longest gap from the change until A has selected its new pair and B has
 * shown a frame after it. Loopback: the old path keeps working, so the gap is
 * what the make-before-break restart costs, not a real link's loss.
 */
import type { NetworkAddress, NetworkChange } from '../../shared/network-change';
import { selectedPath, type StatsRecord } from '../../shared/stats';
import { selectedLocalEnd } from '../../renderer/src/call/network-change';
import { PeerLink } from '../../renderer/src/call/peer-link';
import { watchFrameGaps } from './frame-gaps';

/** `link-down`: the selected pair's address goes away. `route-move`: the default route leaves its interface. */
export type ChangeKind = 'link-down' | 'route-move';

export interface SwitchFigure {
  kind: ChangeKind;
  /** The longest gap in B's frames of A from the change to the first frame after A's new pair (ms). */
  farGapMs: number;
  /** The same on A's side (A's frames of B). */
  nearGapMs: number;
  /** From the change to A's new pair selected and signaling stable (ms). */
  newPairMs: number;
  /** A's restarts for the change (1: it restarted at once). */
  restarts: number;
}

const address = (name: string, value: string): NetworkAddress => ({
  name,
  address: value,
  family: value.includes(':') ? 'IPv6' : 'IPv4',
  internal: false,
});

function change(kind: ChangeKind, local: string): NetworkChange {
  const ours = address('eth0', local);
  const other = address('wlan0', '10.1.0.7');
  const base = { at: Date.now(), reason: 'poll' as const, added: [], addresses: [other] };
  return kind === 'link-down'
    ? { ...base, removed: [ours], defaultRoute: null }
    : { ...base, removed: [], addresses: [ours, other], defaultRoute: { from: 'eth0', to: 'wlan0' } };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const records = (link: PeerLink): Promise<StatsRecord[]> => link.stats();

/** A fresh pair per switch: each change is the first of its run (no backoff from the one before). */
async function once(kind: ChangeKind): Promise<SwitchFigure> {
  const streams = await Promise.all(
    [0, 1].map(() => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } })),
  );
  const links: Partial<Record<'a' | 'b', PeerLink>> = {};
  const listeners = new Set<(change: NetworkChange) => void>();
  const signaling = { a: [] as string[] };
  let restarts = 0;
  const make = (name: 'a' | 'b', other: 'a' | 'b', stream: MediaStream) =>
    new PeerLink({
      remoteId: other,
      polite: name === 'b',
      initiator: name === 'a',
      configuration: {},
      localStream: stream,
      send: (data) => queueMicrotask(() => void links[other]?.handle(data)),
      onEvent: (k, value) => {
        if (name !== 'a') return;
        if (k === 'signaling') signaling.a.push(value);
        if (k === 'restart' && value === 'restart for a network change') restarts += 1;
      },
      ...(name === 'a'
        ? { network: (l: (c: NetworkChange) => void) => (listeners.add(l), () => listeners.delete(l)) }
        : {}),
    });
  const a = (links.a = make('a', 'b', streams[0]!));
  const b = (links.b = make('b', 'a', streams[1]!));
  a.connect();
  b.connect();
  const far = watchFrameGaps(b.remoteStream, 'B sees A');
  const near = watchFrameGaps(a.remoteStream, 'A sees B');
  try {
    await until(() => a.state === 'connected' && b.state === 'connected', 'both connected');
    await Promise.all([far.next(), near.next()]);
    const before = await records(a);
    const local = selectedLocalEnd(before);
    const pairBefore = selectedPath(before)?.pairId;
    if (!local) throw new Error('no selected pair on A');
    far.restart();
    near.restart();
    const at = performance.now();
    for (const listener of listeners) listener(change(kind, local.address));
    await until(async () => {
      const now = selectedPath(await records(a))?.pairId;
      return now !== undefined && now !== pairBefore && a.state === 'connected' && signaling.a.at(-1) === 'stable';
    }, 'the new pair');
    const newPairMs = performance.now() - at;
    await Promise.all([far.next(), near.next()]);
    return { kind, farGapMs: far.longest(), nearGapMs: near.longest(), newPairMs, restarts };
  } finally {
    far.stop();
    near.stop();
    a.close();
    b.close();
    for (const track of streams.flatMap((s) => s.getTracks())) track.stop();
  }
}

declare global {
  interface Window {
    networkChangeBench?: { once(kind: ChangeKind): Promise<SwitchFigure> };
  }
}

window.networkChangeBench = { once };
