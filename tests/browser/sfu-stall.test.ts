/**
 * The stall watchdog on Janus (issue 19), real Janus and real Chromium: Ana's camera is a canvas
 * that stops painting while her microphone keeps sending (a one-way video stall; she never says
 * "camera off"). Ben's downlink of her says "Video stalled", asks for a keyframe (his inbound-rtp
 * pliCount rises), then subscribes to her feed again, make-before-break: his tile is handed the new
 * subscription's stream, the old one closes, and the stall holds until her frames decode on the new
 * one; then it clears and the recovery is recorded as recovered. Camera off says nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { canvasCamera, stalledAndAsked, timeline } from './canvas-camera';
import { openConnections } from './leak-watch';
import { sfuCallsForFile, type SfuPerson } from './sfu-people';
import { until } from './support';

const calls = sfuCallsForFile(0);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** Ana with the canvas camera (and the fake microphone) and Ben on Janus, Ben decoding her. */
async function twoPeople(room: string) {
  const camera = canvasCamera();
  cleanups.push(camera.stop);
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const localStream = new MediaStream([camera.track, ...mic.getAudioTracks()]);
  const ana = await calls.join(room, 'Ana', false, { localStream });
  const ben = await calls.join(room, 'Ben');
  const of = (): PeerDiagnostics | undefined => ben.diagnostics[ana.call.id];
  const video = () => of()?.latest?.videoTracks[0];
  await until(() => of()?.state === 'connected' && (video()?.framesDecoded ?? 0) > 15, 'Ana’s video at Ben', 30_000);
  await until(() => ben.heard.get(ana.call.id)?.cameraOff === false, 'Ana’s camera heard as on', 10_000);
  return { ana, ben, camera, of, video };
}

const stream = (p: SfuPerson, id: string) => p.streams.get(id);

describe('the stall watchdog on Janus', () => {
  it('"Video stalled", a keyframe asked (PLI counted), then a new subscription that takes over; clears when her frames flow', async () => {
    const { ana, ben, camera, of, video } = await twoPeople(`sfu-stall-${Math.random().toString(36).slice(2, 8)}`);
    const pliBefore = video()?.pliCount ?? 0;
    const audioBefore = of()?.latest?.audio.packetsReceived ?? 0;
    const first = stream(ben, ana.call.id);
    const connectionsBefore = openConnections().length;
    const stalledAt = Date.now();
    camera.pause();

    const saidAt = await stalledAndAsked(of, () => video()?.pliCount ?? 0, pliBefore);
    await until(() => (of()?.recoveries ?? []).some((r) => r.cause === 'video-stalled'), 'a recovery begun', 15_000);
    expect(timeline(of(), 'restart')).toContain('a new subscription to their feed on Janus requested');
    expect(
      timeline(of(), 'video').some((v) =>
        /^video still stalled after \d+\.\d s: subscribing to their feed on Janus again$/.test(v),
      ),
    ).toBe(true);
    await until(() => stream(ben, ana.call.id) !== first, 'Ben’s tile handed the new subscription', 20_000);
    const resubscribedAt = Date.now();
    // Make-before-break: the old subscription closed once the new one took over (as many open as before).
    await until(() => openConnections().length === connectionsBefore, 'the old subscription closed', 10_000);
    expect(timeline(of(), 'pair').some((v) => v.startsWith('new subscription: '))).toBe(true);
    // Her camera still paints nothing: the stall holds on the new subscription, nothing more is asked.
    const recoveries = of()?.recoveries.length;
    await until(() => (of()?.latest?.at ?? 0) > resubscribedAt + 3_000, 'three more seconds of polls', 15_000);
    expect(of()?.videoStalled).toBe(true);
    expect(of()?.recoveries.length).toBe(recoveries);
    expect(of()?.state).toBe('connected');
    expect(of()?.latest?.audio.packetsReceived ?? 0).toBeGreaterThan(audioBefore);

    const resumedAt = Date.now();
    camera.resume();
    await until(() => of()?.videoStalled === false, 'the stall cleared', 15_000);
    const clearedAt = Date.now();
    await until(
      () => (of()?.recoveries ?? []).some((r) => r.cause === 'video-stalled' && r.outcome === 'recovered'),
      'the recovery recorded as recovered',
      15_000,
    );
    const frames = video()?.framesDecoded ?? 0;
    await until(() => (video()?.framesDecoded ?? 0) > frames + 30, 'frames decoding on the new subscription', 15_000);
    expect(timeline(of(), 'video').at(-1)).toBe('video frames arriving again');
    expect(ben.problems).toEqual([]);
    console.log(
      `Janus stall → "Video stalled" ${saidAt - stalledAt} ms, → new subscription in use ${resubscribedAt - stalledAt} ms; ` +
        `camera painting again → cleared ${clearedAt - resumedAt} ms`,
    );
  }, 120_000);

  it('camera off, with the camera sending nothing at all, never says "Video stalled"', async () => {
    const { ana, camera, of } = await twoPeople(`sfu-stall-off-${Math.random().toString(36).slice(2, 8)}`);
    ana.call.media.setSwitches(false, true);
    camera.pause();
    const from = of()?.latest?.at ?? 0;
    await until(() => (of()?.latest?.at ?? 0) - from > 6_000, 'six seconds of polls', 20_000);
    expect(of()?.videoStalled ?? false).toBe(false);
    expect((of()?.recoveries ?? []).map((r) => r.cause)).toEqual([]);
    expect(timeline(of(), 'video')).toEqual([]);
  }, 60_000);
});
