/**
 * A real call in Chromium (two Calls over the in-memory hub; a third case relayed through a real
 * coturn) records every phase of its setup: all marks in order, plausible non-negative numbers
 * that add up to Join → first frame, and the sentence in the timeline. The first frame is
 * taken the way the tiles take it: requestVideoFrameCallback on a video element showing the stream.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { setupPhases, type SetupPhases } from '../../shared/setup-phases';
import { setupSentence } from '../../shared/setup-words';
import { watchFirstFrame } from '../../renderer/src/call/first-frame';
import { Hub } from './memory-hub';
import { caller, FakeIce, turn, until, type Caller } from './support';

const videos: HTMLVideoElement[] = [];
afterAll(() => {
  for (const v of videos.splice(0)) v.remove();
});

/** Shows `who`'s latest received stream in a video element, as the tile does, and reports its first frame. */
function show(viewer: Caller, who: Caller): MediaStream {
  const stream = viewer.remote[viewer.remote.length - 1]!;
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.srcObject = stream;
  document.body.append(video);
  videos.push(video);
  watchFirstFrame(video, (at) => viewer.call.setup.frameShown(who.call.id, stream, at));
  return stream;
}

const setup = (d: PeerDiagnostics | undefined, session = 0): SetupPhases | null => {
  const record = d?.setups.find((s) => s.session === session);
  return record ? setupPhases(record) : null;
};

function expectWhole(p: SetupPhases | null, names: string[]): asserts p is SetupPhases {
  expect(p).not.toBeNull();
  expect(p!.phases.map((x) => [x.name, x.status])).toEqual(names.map((n) => [n, 'measured']));
  for (const x of p!.phases) expect(x.ms).toBeGreaterThanOrEqual(0);
  expect(p!.totalMs).toBeGreaterThan(0);
  expect(p!.totalMs).toBeLessThan(20_000);
  expect(p!.phases.reduce((a, x) => a + x.ms!, 0)).toBeCloseTo(p!.totalMs!, 6);
}

const setupEntries = (d: PeerDiagnostics | undefined) => (d?.timeline ?? []).filter((e) => e.kind === 'setup');

describe('call setup phases', () => {
  it('a join records every phase in order, to the first frame shown, and the timeline says it', async () => {
    const hub = new Hub();
    const ice = new FakeIce({ iceServers: [], expiresAt: null, source: 'test', error: null });
    const ana = await caller(hub, ice, 'Ana');
    const ben = await caller(hub, ice, 'Ben');
    await until(() => ana.remote.length > 0 && ben.remote.length > 0, 'remote media');
    show(ben, ana);
    show(ana, ben);
    await until(() => setupEntries(ben.diagnostics[ana.call.id]).length > 0, "Ben's setup sentence");
    await until(() => setupEntries(ana.diagnostics[ben.call.id]).length > 0, "Ana's setup sentence");

    // Ben joined second: his link to Ana is part of his join, from Join to Ana's first frame.
    const bens = setup(ben.diagnostics[ana.call.id]);
    expectWhole(bens, ['media', 'servers', 'signaling', 'join', 'offer', 'answer', 'ice', 'dtls', 'frame']);
    expect(bens.kind).toBe('join');
    expect(setupEntries(ben.diagnostics[ana.call.id]).map((e) => e.value)).toEqual([setupSentence(bens, 'Ana')]);
    expect(setupEntries(ben.diagnostics[ana.call.id])[0]!.value).toMatch(
      /^Call setup with Ana: \d+ ms from Join to first frame \(camera \d+ ms, ICE servers \d+ ms, .*first frame \d+ ms\)\.$/,
    );
    // Ana was there first: hers starts at Ben's arrival, and she answered.
    const anas = setup(ana.diagnostics[ben.call.id]);
    expectWhole(anas, ['offer', 'answer', 'ice', 'dtls', 'frame']);
    expect(anas.kind).toBe('arrival');
    expect(ana.problems.concat(ben.problems)).toEqual([]);
  });

  it('a Relay only switch through a real TURN server: its own phases, from the click to the first frame on the relay', async () => {
    const server = await turn.startTurn();
    try {
      const hub = new Hub();
      const ice = new FakeIce({ iceServers: [server], expiresAt: null, source: 'test', error: null });
      const ana = await caller(hub, ice, 'Ana');
      const ben = await caller(hub, ice, 'Ben');
      await until(() => ana.links.get(ben.call.id) === 'connected' && ben.remote.length > 0, 'connected');
      const before = ben.remote.length;
      const clickedAt = performance.now();
      ben.call.setRelayOnly(true, clickedAt);
      await until(() => ben.remote.length > before, "the relayed connection's stream", 20_000);
      show(ben, ana);
      await until(() => setup(ben.diagnostics[ana.call.id], 1)?.totalMs != null, 'first frame on the relay', 20_000);
      const p = setup(ben.diagnostics[ana.call.id], 1);
      expectWhole(p, ['setting', 'offer', 'answer', 'ice', 'dtls', 'frame']);
      expect(p.kind).toBe('switch');
      expect(p.policy).toBe('relay');
      expect(p.pairMs).toBeGreaterThan(0);
      expect(p.pairMs!).toBeLessThanOrEqual(p.totalMs!);
      expect(setupEntries(ben.diagnostics[ana.call.id]).at(-1)?.value).toMatch(
        /^Switch to relay with Ana: \d+ ms from the click to first frame \(.*\); relay pair selected \d+ ms after the click\.$/,
      );
      // Ana answered Ben's new offer: hers is labelled as his switch.
      expect(ana.diagnostics[ben.call.id]?.setups.find((s) => s.session === 1)?.kind).toBe('switch-answer');
    } finally {
      await turn.closeTurn();
    }
  });

  it('Relay only from the start: the record of each link says so (its policy, and relay candidates only)', async () => {
    const server = await turn.startTurn();
    try {
      const hub = new Hub();
      const ice = new FakeIce({ iceServers: [server], expiresAt: null, source: 'test', error: null });
      const ana = await caller(hub, ice, 'Ana', { relayOnly: true });
      const ben = await caller(hub, ice, 'Ben', { relayOnly: true });
      await until(() => ana.links.get(ben.call.id) === 'connected', 'connected', 20_000);
      for (const [who, other] of [
        [ana, ben],
        [ben, ana],
      ] as const) {
        const d = who.diagnostics[other.call.id]!;
        expect(d.policy).toBe('relay');
        const gathered = d.candidates.filter((c) => c.direction === 'sent' && c.session === d.session);
        expect(gathered.length).toBeGreaterThan(0);
        expect(gathered.map((c) => c.parsed?.type)).toEqual(gathered.map(() => 'relay'));
      }
    } finally {
      await turn.closeTurn();
    }
  });
});
