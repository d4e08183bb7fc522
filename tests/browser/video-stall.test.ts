/**
 * The stall watchdog (issue 19) in real Chromium, two whole Calls over the in-memory hub: Ana's
 * camera is a canvas that stops painting, so her video stops while her microphone keeps sending
 * (a one-way video stall; she never says "camera off"). Ben's link to her says "Video stalled",
 * asks her for a keyframe (his inbound-rtp pliCount rises), restarts ICE when that does not
 * help, and clears once her frames flow again. Camera off, with the same silent canvas, says nothing.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { mediaRegistry } from '../../renderer/src/call/media-registry';
import { PeerTile } from '../../renderer/src/components/PeerTile';
import { useStore } from '../../renderer/src/store';
import { canvasCamera, stalledAndAsked, timeline } from './canvas-camera';
import { Hub } from './memory-hub';
import { caller, FakeIce, iceConfig, until, type Caller } from './support';
import '../../renderer/src/styles.css';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  useStore.getState().resetCall();
  useStore.getState().resetDiagnostics();
});

/** Ana with the canvas camera (and Chromium's fake microphone), Ben with the fake camera; both connected, video flowing. */
async function twoPeople() {
  const camera = canvasCamera();
  cleanups.push(camera.stop);
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const hub = new Hub();
  const ice = new FakeIce(iceConfig('stall'));
  const timings = { statsIntervalMs: 250, recovery: { gatherTimeoutMs: 1_500 } };
  const ana = await caller(hub, ice, 'Ana', {
    localStream: new MediaStream([camera.track, ...mic.getAudioTracks()]),
    timings,
  });
  const ben = await caller(hub, ice, 'Ben', { timings });
  const of = (): PeerDiagnostics | undefined => ben.diagnostics[ana.call.id];
  const video = () => of()?.latest?.videoTracks[0];
  await until(() => of()?.state === 'connected' && (video()?.framesDecoded ?? 0) > 15, 'Ana’s video at Ben', 30_000);
  return { ana, ben, camera, of, video };
}

const audioPackets = (d: PeerDiagnostics | undefined) => d?.latest?.audio.packetsReceived ?? 0;
/** Ben's tile of Ana as the call view shows it, from his real record of her link. */
function showTile(ben: Caller, anaId: string, record: PeerDiagnostics) {
  const store = useStore.getState();
  store.addPeer(anaId, 'Ana');
  store.setLink(anaId, 'connected');
  store.setDiagnostics(anaId, record);
  const remote = ben.remote.at(-1);
  if (remote) mediaRegistry.set(anaId, remote);
  const root = document.createElement('div');
  root.style.width = '480px';
  document.body.append(root);
  const react = createRoot(root);
  react.render(createElement(PeerTile, { peer: useStore.getState().peers[anaId]! }));
  cleanups.push(() => {
    react.unmount();
    root.remove();
    mediaRegistry.set(anaId, null);
  });
  return root;
}

describe('the stall watchdog', () => {
  it('a one-way video stall: "Video stalled", a keyframe asked (PLI counted), then an ICE restart; clears when frames flow', async () => {
    const { ana, ben, camera, of, video } = await twoPeople();
    const pliBefore = video()?.pliCount ?? 0;
    const audioBefore = audioPackets(of());
    const stalledAt = Date.now();
    camera.pause();

    const saidAt = await stalledAndAsked(of, () => video()?.pliCount ?? 0, pliBefore);
    const keyframeAt = Date.now();
    await until(() => (of()?.recoveries ?? []).some((r) => r.cause === 'video-stalled'), 'an ICE restart', 15_000);
    const restartAt = Date.now();
    expect(timeline(of(), 'restart')).toContain('ICE restart requested');
    // Audio kept flowing all along: the link never stalled, only her video.
    expect(audioPackets(of())).toBeGreaterThan(audioBefore);
    expect(of()?.state).toBe('connected');

    const root = showTile(ben, ana.call.id, of()!);
    await until(() => root.querySelector('figure.tile .tile-state') !== null, 'the tile rendered');
    const tile = root.querySelector('figure.tile');
    expect(tile?.querySelector('.tile-state')?.textContent).toBe('Video stalled');
    expect(tile?.getAttribute('aria-label')).toBe('Ana: Video stalled');
    await page.screenshot({ path: '../../screenshots/tile-video-stalled.png', element: root });

    const framesAtResume = video()?.framesDecoded ?? 0;
    camera.resume();
    await until(() => of()?.videoStalled === false, 'the stall cleared', 15_000);
    const clearedAt = Date.now();
    expect(video()?.framesDecoded ?? 0).toBeGreaterThanOrEqual(framesAtResume);
    await until(
      () => (of()?.recoveries ?? []).some((r) => r.cause === 'video-stalled' && r.outcome === 'recovered'),
      'the recovery recorded as recovered',
      15_000,
    );
    // The keyframe transform came off with the stall: frames keep reaching the decoder without it.
    const framesCleared = video()?.framesDecoded ?? 0;
    await until(
      () => (video()?.framesDecoded ?? 0) > framesCleared + 30,
      'frames still decoding after the stall',
      15_000,
    );
    useStore.getState().setDiagnostics(ana.call.id, of()!);
    await until(() => tile?.querySelector('.tile-state')?.textContent === 'Connected', 'the tile Connected again');
    console.log(
      `stall → "Video stalled" ${saidAt - stalledAt} ms, → PLI counted ${keyframeAt - stalledAt} ms, ` +
        `→ ICE restart ${restartAt - stalledAt} ms; frames back → cleared ${clearedAt - restartAt} ms after the restart; ` +
        `pliCount ${pliBefore} → ${video()?.pliCount ?? 0}`,
    );
  });

  it('camera off, with the camera sending nothing at all, never says "Video stalled"', async () => {
    const { ana, camera, of, video } = await twoPeople();
    ana.call.media.setSwitches(false, true);
    camera.pause();
    const from = of()?.latest?.at ?? 0;
    const frames = video()?.framesDecoded ?? 0;
    // Six seconds of stats polls: three times the stall threshold.
    await until(() => (of()?.latest?.at ?? 0) - from > 6_000, 'six seconds of polls', 20_000);
    expect(of()?.videoStalled ?? false).toBe(false);
    expect((of()?.recoveries ?? []).map((r) => r.cause)).toEqual([]);
    expect(timeline(of(), 'video')).toEqual([]);
    expect(video()?.framesDecoded ?? 0).toBeGreaterThanOrEqual(frames);
  });
});
