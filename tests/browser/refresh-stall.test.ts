/**
 * The one-way stall after a credential-refresh ICE restart (issue 19): a relay-only call between
 * two whole Calls, through a real coturn with TURN REST credentials valid for 10 s (so the ones the
 * call started with really expire mid-test), goes through at least ROUNDS refreshes, and on until
 * those first credentials have expired (50 take about 10 s on a quiet machine). Each round mints
 * fresh 10 s credentials and pushes them as the main process does (`ice:updated`) to Ana, to Ben,
 * or to both at once (glare), in turn; the round ends when the restart is negotiated, both
 * connections are connected and stable, and each has selected a pair between new relay candidates
 * (fresh allocations): no sleeps. A worker thread spins on one core all the while. Each side's
 * decoder counts the freezes of the other's video (inbound-rtp freezeCount/totalFreezesDuration;
 * decoder-freezes.ts), and none, in either direction, may last 1 s. Printed beside it: the
 * requestVideoFrameCallback gaps of each remote video and of the page's own camera (a starved page
 * pauses them all; that is not the call's freeze). Seen failing: Ana's video stopped for 1.5 s in
 * round 10 (replaceTrack(null), not kept) printed "expected 1659 to be less than 1000".
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IceConfig } from '../../shared/ipc';
import { selectedPath, type StatsRecord } from '../../shared/stats';
import { startCpuBurner, type CpuBurner } from './cpu-burner';
import { DecoderFreezes } from './decoder-freezes';
import { watchFrameGaps, type FrameGaps } from './frame-gaps';
import { made } from './leak-watch';
import { Hub } from './memory-hub';
import { caller, FakeIce, turn, until, type BrowserTurn, type Caller } from './support';

/** The issue's 50 (each round takes well under a second here: see the printed total). */
const ROUNDS = 50;
const TTL_SECONDS = 10;
const MAX_GAP_MS = 1_000;

const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0)) stop();
  await turn.closeTurn();
});

const config = (server: BrowserTurn): IceConfig => ({
  iceServers: [server],
  expiresAt: Date.now() + TTL_SECONDS * 1_000,
  source: 'test',
  error: null,
});

const connected = (a: Caller, b: Caller) =>
  a.links.get(b.call.id) === 'connected' && b.links.get(a.call.id) === 'connected';

interface Path {
  pairId: string;
  /** The candidates at its ends (stats ids: a new allocation is a new candidate). */
  ends: [string, string];
  local: string;
  remote: string;
}

/** What each connection's decoder counted as freezes, fed by every stats poll of the test. */
const decoders = new Map<RTCPeerConnection, DecoderFreezes>();

async function path(pc: RTCPeerConnection): Promise<{ path: Path | null; candidates: Set<string> }> {
  const records = [...(await pc.getStats()).values()] as StatsRecord[];
  decoders.get(pc)?.observe(records);
  const candidates = new Set(records.filter((r) => /-candidate$/.test(r.type)).map((r) => r.id));
  const found = selectedPath(records);
  return {
    candidates,
    path: found
      ? {
          pairId: found.pairId,
          ends: [found.local.id, found.remote.id],
          local: `${found.local.type} ${found.local.address}:${found.local.port}`,
          remote: `${found.remote.type} ${found.remote.address}:${found.remote.port}`,
        }
      : null,
  };
}

/** Where a connection is: its ICE credentials (new after each restart), its candidates, its selected pair. */
interface Where {
  /** Local and remote ICE ufrag. Kept apart: a ufrag may hold "/" (ice-char, RFC 8839), so no joined string. */
  ufrags: [local: string, remote: string];
  candidates: Set<string>;
  path: Path | null;
}

const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1] ?? '-';
const where = async (pc: RTCPeerConnection): Promise<Where> => ({
  ufrags: [ufrag(pc.localDescription?.sdp), ufrag(pc.remoteDescription?.sdp)],
  ...(await path(pc)),
});

/** Polls `pcs` until `done` holds for every one; null after `ms`. */
async function poll(
  pcs: RTCPeerConnection[],
  done: (pc: RTCPeerConnection, now: Where, i: number) => boolean,
  ms: number,
): Promise<Where[] | null> {
  const started = performance.now();
  for (;;) {
    const now = await Promise.all(pcs.map(where));
    if (pcs.every((pc, i) => done(pc, now[i]!, i))) return now;
    if (performance.now() - started > ms) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** How long a side may stay on its old pair after the restart was negotiated before the round moves on. */
const NEW_PAIR_WAIT_MS = 5_000;

/**
 * One restart, to its end: both connections negotiated new ICE credentials both ways (local and
 * remote ufrag differ from `before`'s), are stable and connected on a relay pair, and then each
 * selected a pair between candidates that are new since `before` (fresh allocations, made with
 * the fresh credentials). Chromium sometimes keeps the old pair (it still works): after
 * NEW_PAIR_WAIT_MS the round ends anyway, with `moved` false.
 */
async function restart(
  pcs: RTCPeerConnection[],
  before: (Where | null)[],
  what: string,
  dump: () => string,
): Promise<{ now: Where[]; moved: boolean }> {
  const negotiated = await poll(
    pcs,
    (pc, now, i) => {
      const [local, remote] = now.ufrags;
      const [oldLocal, oldRemote] = before[i]?.ufrags ?? ['', ''];
      return (
        pc.connectionState === 'connected' &&
        pc.signalingState === 'stable' &&
        now.path?.local.startsWith('relay ') === true &&
        local !== oldLocal &&
        remote !== oldRemote
      );
    },
    20_000,
  );
  if (!negotiated) {
    const states = pcs.map((pc) => `${pc.connectionState}/${pc.signalingState}`).join('; ');
    const seen = (await Promise.all(pcs.map(where))).map(
      (now, i) => `ufrags before ${before[i]?.ufrags.join(' | ') ?? '-'}, now ${now.ufrags.join(' | ')}`,
    );
    const pairs = (await Promise.all(pcs.map(pairsOf))).join('\n');
    throw new Error(
      `${what}: the restart did not complete within 20 s (${states}; ${seen.join('; ')})\n${dump()}\n${pairs}`,
    );
  }
  const isNew = (now: Where, i: number) =>
    now.path !== null && now.path.ends.every((id) => !before[i]?.candidates.has(id));
  const moved = await poll(pcs, (pc, now, i) => pc.connectionState === 'connected' && isNew(now, i), NEW_PAIR_WAIT_MS);
  return { now: moved ?? (await Promise.all(pcs.map(where))), moved: moved !== null };
}

/** Every candidate pair of a connection, with what it carried: for a round that did not end. */
async function pairsOf(pc: RTCPeerConnection): Promise<string> {
  const records = [...(await pc.getStats()).values()] as StatsRecord[];
  const byId = new Map(records.map((r) => [r.id, r]));
  const end = (id: unknown) => {
    const c = byId.get(String(id));
    return c ? `${String(c.candidateType)} ${String(c.port)}` : '?';
  };
  const selected = records.find((r) => r.type === 'transport')?.selectedCandidatePairId;
  return records
    .filter((r) => r.type === 'candidate-pair')
    .map(
      (r) =>
        `  ${r.id === selected ? '*' : ' '} ${end(r.localCandidateId)} ⇄ ${end(r.remoteCandidateId)} ${String(r.state)}${r.nominated ? ' nominated' : ''} sent ${String(r.bytesSent)} received ${String(r.bytesReceived)}`,
    )
    .join('\n');
}

/** What each side did since `since` (its timeline) and the ICE ufrags it has now: for a round that did not end. */
function dump(pcs: RTCPeerConnection[], people: Caller[], since: number): string {
  const from = performance.timeOrigin + since;
  return people
    .map((p, i) => {
      const timeline = Object.values(p.diagnostics).flatMap((d) => d.timeline.filter((e) => e.at >= from));
      const pc = pcs[i]!;
      return `${p.call.id}: ufrag local ${ufrag(pc.localDescription?.sdp)} remote ${ufrag(pc.remoteDescription?.sdp)}\n${timeline.map((e) => `  +${Math.round(e.at - from)} ${e.kind}: ${e.value}`).join('\n')}`;
    })
    .join('\n');
}

/** Each view's noted gaps (over 500 ms; the page's over 100 ms) since `since` (performance.now() time). */
function gapsSince(views: Record<string, FrameGaps>, since: number): string {
  return Object.entries(views)
    .map(([name, v]) => {
      const gaps = v.gaps.filter((g) => g.endedAt > since);
      return `${name}: gaps ${gaps.map((g) => `${Math.round(g.ms)} ms at +${Math.round(g.endedAt - since)}`).join(', ') || 'none'}`;
    })
    .join('; ');
}

type Who = 'Ana' | 'Ben' | 'both';

describe('credential-refresh ICE restarts on a relayed call', () => {
  // Run on their own (vitest.config.ts's "alone" project, a step of `npm test` after the others):
  // beside the other suites, at load 13-61, Chromium's decoder counted freezes of 1.05-1.1 s that
  // the page's own camera preview showed too (the machine, not the call). Alone, under the test's
  // own burner, both ran with no tile gap over 115 ms.
  it(
    `${ROUNDS} refresh restarts with ${TTL_SECONDS} s credentials, one side at a time, under a CPU burner: no freeze over ${MAX_GAP_MS} ms either way`,
    { timeout: 240_000 },
    () => refreshRun(['Ana', 'Ben']),
  );
  // Both sides refreshing at once: the offers collide (perfect negotiation's rollback).
  it(
    `${ROUNDS} refresh restarts with Ana, Ben and both at once in turn (glare): no freeze over ${MAX_GAP_MS} ms`,
    { timeout: 240_000 },
    () => refreshRun(['Ana', 'Ben', 'both']),
  );
});

async function refreshRun(WHO: readonly Who[]): Promise<void> {
  // Chromium holds each restart's old allocations for ~30 s: room for all of them (coturn.ts's relayPorts).
  await turn.startTurn(null, 1_000);
  const hub = new Hub();
  const ice = {
    Ana: new FakeIce(config(await turn.freshTurn(TTL_SECONDS))),
    Ben: new FakeIce(config(await turn.freshTurn(TTL_SECONDS))),
  };
  const before = made.length;
  const ana = await caller(hub, ice.Ana, 'Ana', { isRelayed: () => true, relayOnly: true });
  const ben = await caller(hub, ice.Ben, 'Ben', { isRelayed: () => true, relayOnly: true });
  await until(() => connected(ana, ben) && ana.remote.length > 0 && ben.remote.length > 0, 'relayed call up');
  const pcs = made.slice(before);
  expect(pcs.length).toBe(2);
  const first = await poll(pcs, (pc, now) => pc.connectionState === 'connected' && now.path !== null, 20_000);
  if (!first) throw new Error('no relay pair selected');
  let state = first;
  // Ana's view of Ben, and Ben's of Ana.
  const views: Record<'Ana sees Ben' | 'Ben sees Ana', FrameGaps> = {
    'Ana sees Ben': watchFrameGaps(ana.remote.at(-1)!, 'Ana sees Ben'),
    'Ben sees Ana': watchFrameGaps(ben.remote.at(-1)!, 'Ben sees Ana'),
  };
  // The page's own camera, which never crosses the network: its gaps are the machine starving the browser.
  const page = watchFrameGaps(ana.call.localStream, 'Ana sees herself', 100);
  cleanup.push(...[...Object.values(views), page].map((v) => () => v.stop()));
  await Promise.all([...Object.values(views), page].map((v) => v.next()));
  for (const v of [...Object.values(views), page]) v.restart();
  for (const pc of pcs) decoders.set(pc, new DecoderFreezes());
  await Promise.all(pcs.map(where)); // the counters so far: freezes of the call's start are not the restarts'
  for (const pc of pcs) decoders.get(pc)!.freezes.length = 0;
  const burner: CpuBurner = startCpuBurner();
  cleanup.push(() => burner.stop());

  const started = performance.now();
  const roundMs: number[] = [];
  const slow: string[] = [];
  // What Chromium did with the selected pairs (reported, not asserted: the old pair still works).
  const pairs = { kept: 0, crossed: 0 };
  // The credentials the call started with must expire on the way: fresh ones carry it past that.
  const expired = () => performance.now() - started > (TTL_SECONDS + 1) * 1_000;
  for (let round = 1; round <= ROUNDS || !expired(); round += 1) {
    const begun = performance.now();
    const who = WHO[round % WHO.length]!;
    const fresh = await turn.freshTurn(TTL_SECONDS);
    for (const name of who === 'both' ? (['Ana', 'Ben'] as const) : [who]) ice[name].push(config(fresh));
    const step = await restart(pcs, state, `round ${round} (${who})`, () => {
      return `${dump(pcs, [ana, ben], begun)}\n${gapsSince(views, begun)}`;
    });
    state = step.now;
    roundMs.push(performance.now() - begun);
    if (!step.moved) pairs.kept += 1;
    const [pa, pb] = state.map((w) => w.path!);
    if (pa!.local !== pb!.remote || pa!.remote !== pb!.local) pairs.crossed += 1;
    if (Object.values(views).some((v) => v.gaps.some((g) => g.endedAt > begun && g.ms > MAX_GAP_MS)))
      slow.push(
        `round ${round} (${who}):\n${dump(pcs, [ana, ben], begun)}\n${gapsSince(views, begun)}\n${(await Promise.all(pcs.map(pairsOf))).join('\n')}`,
      );
  }
  // Media still flowing at the end: a frame after the last restart, both ways.
  await Promise.all(Object.values(views).map((v) => v.next()));
  const totalMs = performance.now() - started;
  burner.stop();
  const sorted = [...roundMs].sort((x, y) => x - y);
  console.log(
    `refresh-stall: ${roundMs.length} restarts in ${Math.round(totalMs)} ms (per round median ${Math.round(sorted[sorted.length >> 1]!)} ms, max ${Math.round(sorted.at(-1)!)} ms); burner spun ${burner.spins}M times; rounds where a side kept its old pair ${NEW_PAIR_WAIT_MS} ms after the restart ${pairs.kept}, ended on a different pair each way ${pairs.crossed}`,
  );
  for (const [name, view] of Object.entries(views))
    console.log(`refresh-stall: ${name}: ${view.frames} frames, longest gap ${Math.round(view.longest())} ms`);
  console.log(`refresh-stall: ${gapsSince({ ...views, 'the page (own camera)': page }, started)}`);
  if (slow.length) console.log(`refresh-stall: rounds with a gap over ${MAX_GAP_MS} ms:\n${slow.join('\n')}`);
  expect(burner.spins).toBeGreaterThan(0);
  // The credentials the call started with expired on the way: fresh ones carried it.
  expect(totalMs).toBeGreaterThan(TTL_SECONDS * 1_000);
  // The decoder's own count of freezes, both ways (the tile gaps above also hold the page's pauses).
  const [anaSees, benSees] = pcs.map((pc) => decoders.get(pc)!);
  console.log(
    `refresh-stall: decoder freezes: Ana sees Ben ${anaSees!.freezes.map(Math.round).join(', ') || 'none'} ms; Ben sees Ana ${benSees!.freezes.map(Math.round).join(', ') || 'none'} ms`,
  );
  await Promise.all(pcs.map(where));
  expect([anaSees!.counting, benSees!.counting]).toEqual([true, true]);
  expect(anaSees!.longest).toBeLessThan(MAX_GAP_MS);
  expect(benSees!.longest).toBeLessThan(MAX_GAP_MS);
  expect([...ana.problems, ...ben.problems]).toEqual([]);
  // Same two connections throughout: every refresh was an ICE restart, not a new connection.
  expect(made.length - before).toBe(2);
}
