/**
 * The lobby's device check in real Chromium, on real tracks: Chromium's fake camera (a moving
 * pattern) and fake microphone (a beep), canvases painted black, still, dark, or not at all, and Web
 * Audio sources (none, faint, overdriven). Each verdict comes from the product's own sampling
 * (device-check-run.ts) through the lobby's MicTap; the Device check area itself is rendered too.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { app } from '../../renderer/src/app-context';
import { useStream } from '../../renderer/src/call/media-registry';
import { DeviceCheck } from '../../renderer/src/components/lobby/DeviceCheck';
import { checkCamera, checkMicrophone } from '../../renderer/src/components/lobby/device-check-run';
import { MicTap, useMicTap } from '../../renderer/src/components/lobby/mic-tap';
import { useStore } from '../../renderer/src/store';
import { MIN_FRAMES } from '../../shared/device-check';
import { pendingTimers } from './leak-watch';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeDevices(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
  return stream;
}

/** A 320×180 canvas's track at 15 fps, painted by `paint(n)` every 40 ms (n counts the paints). */
function canvasCamera(paint: (context: CanvasRenderingContext2D, n: number) => void): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d')!;
  let n = 0;
  paint(context, n);
  // captureStream(15) sends a frame only when the canvas was painted since the last: repaint, even the same picture.
  const timer = setInterval(() => paint(context, ++n), 40);
  const track = canvas.captureStream(15).getVideoTracks()[0]!;
  cleanups.push(() => {
    clearInterval(timer);
    track.stop();
  });
  return track;
}

/** Frames a track delivers while `frames` are counted, read through its own clone: proof frames arrive. */
async function framesArriving(track: MediaStreamTrack, count: number): Promise<number> {
  type Processor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
  const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: Processor }).MediaStreamTrackProcessor;
  const clone = track.clone();
  const reader = new Processor({ track: clone }).readable.getReader();
  let seen = 0;
  while (seen < count) {
    const read = await reader.read();
    if (read.done) break;
    read.value.close();
    seen += 1;
  }
  await reader.cancel();
  clone.stop();
  return seen;
}

const fill = (colour: string) => (context: CanvasRenderingContext2D) => {
  context.fillStyle = colour;
  context.fillRect(0, 0, 320, 180);
};

/** A tap on `track`, closed after the test. */
function tapOn(track: MediaStreamTrack): MicTap {
  const tap = new MicTap(track);
  cleanups.push(() => tap.close());
  return tap;
}

/** A Web Audio track: a 440 Hz tone at `gain` (full scale is 1), or no source at all (null). */
function synthetic(gain: number | null): MediaStreamTrack {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  if (gain !== null) {
    const tone = context.createOscillator();
    const level = context.createGain();
    level.gain.value = gain;
    tone.connect(level).connect(destination);
    tone.start();
  }
  cleanups.push(() => context.close());
  return destination.stream.getAudioTracks()[0]!;
}

const never = new AbortController().signal;

describe('the camera check on real tracks', () => {
  it("Chromium's fake camera (a moving pattern): a live picture, its size and rate", async () => {
    const camera = (await fakeDevices()).getVideoTracks()[0]!;
    const check = await checkCamera(camera, never);
    expect(check).toMatchObject({ kind: 'moving', width: 640, height: 480 });
    expect(check.kind === 'moving' && check.fps).toBeGreaterThanOrEqual(10);
    expect(camera.readyState).toBe('live'); // the check watched a clone
  });

  it('a canvas painted black at 15 fps: black frames (they arrive: not "no picture")', async () => {
    const track = canvasCamera(fill('#000'));
    expect(await framesArriving(track, MIN_FRAMES)).toBe(MIN_FRAMES);
    expect(await checkCamera(track, never)).toEqual({ kind: 'black', width: 320, height: 180 });
  });

  it('a canvas repainted with the same grey picture: frozen, frames still arriving', async () => {
    const track = canvasCamera((context) => {
      fill('#6b7280')(context);
      context.fillStyle = '#f8fafc';
      context.fillRect(100, 50, 120, 80);
    });
    expect(await framesArriving(track, MIN_FRAMES)).toBe(MIN_FRAMES);
    const check = await checkCamera(track, never);
    expect(check).toMatchObject({ kind: 'frozen', width: 320, height: 180 });
    expect(check.kind === 'frozen' && check.stillMs).toBeGreaterThanOrEqual(1_000);
    expect(check.kind === 'frozen' && check.fps).toBeGreaterThanOrEqual(5);
  });

  it('a moving picture in a dim room: dark, and said to be live', async () => {
    const track = canvasCamera((context, n) => {
      fill('#101010')(context);
      context.fillStyle = '#3a3a3a';
      context.fillRect((n * 7) % 280, 40, 60, 100);
    });
    expect(await checkCamera(track, never)).toMatchObject({ kind: 'dark', width: 320, height: 180 });
  });

  it('a canvas painted once and never again: one frame at most, never "frozen" or "black"', async () => {
    const canvas = document.createElement('canvas');
    fill('#6b7280')(canvas.getContext('2d')!);
    const track = canvas.captureStream().getVideoTracks()[0]!;
    cleanups.push(() => track.stop());
    const check = await checkCamera(track, never);
    expect(['stalled', 'no-frames']).toContain(check.kind);
  });

  it('a camera already stopped: ended, not watched', async () => {
    const camera = (await fakeDevices()).getVideoTracks()[0]!;
    camera.stop();
    expect(await checkCamera(camera, never)).toEqual({ kind: 'ended' });
  });
});

describe('the microphone check on real tracks', () => {
  it("Chromium's fake microphone (a beep): sound, not clipping (its full-scale beep peaks one sample at a time)", async () => {
    const microphone = (await fakeDevices()).getAudioTracks()[0]!;
    expect(await checkMicrophone(tapOn(microphone), never)).toMatchObject({ kind: 'sound' });
  });

  it('a MediaStreamDestination with no source: silent, for the whole watch', async () => {
    expect(await checkMicrophone(tapOn(synthetic(null)), never)).toMatchObject({ kind: 'silent' });
  });

  it('a tone at -70 dBFS (a quiet room): quiet, with its level, not silent', async () => {
    const check = await checkMicrophone(tapOn(synthetic(0.00045)), never);
    expect(check).toMatchObject({ kind: 'quiet' });
    expect(check.kind === 'quiet' && check.loudestDb).toBeLessThan(-60);
  });

  it('a tone driven to twice full scale: clipping', async () => {
    expect(await checkMicrophone(tapOn(synthetic(2)), never)).toMatchObject({ kind: 'clipping' });
  });
});

describe('the Device check area', () => {
  /** What the Preview does: one tap on the local stream's microphone, shared with the check. */
  function Preview() {
    return createElement(DeviceCheck, { tap: useMicTap(useStream('local')) });
  }

  it('says it is checking, then both verdicts; Mute and Check again; unmounting leaves no timer', async () => {
    const stream = await fakeDevices();
    useStore.setState({ muted: false, cameraOff: false, mediaError: null });
    app.media.set('local', stream);
    cleanups.push(() => app.media.set('local', null));
    const root = createRoot(document.body.appendChild(document.createElement('div')));
    root.render(createElement(Preview));
    cleanups.push(() => root.unmount());
    const status = page.getByRole('status', { name: 'Device check result' });
    await expect.element(status).toHaveTextContent('Checking your camera and microphone…');
    await expect.element(status).toHaveTextContent(/Your camera delivers a live picture \(640×480, \d+ fps\)\./);
    await expect.element(status).toHaveTextContent('Your microphone hears sound.');

    // Mute is said at once and leaves the camera's verdict alone; unmuting hears the microphone anew.
    useStore.setState({ muted: true });
    await expect.element(status).toHaveTextContent('Mute is on, so the microphone was not checked.');
    await expect.element(status).toHaveTextContent(/Your camera delivers a live picture/);
    useStore.setState({ muted: false });
    await expect.element(status).toHaveTextContent('Checking your microphone…');
    await expect.element(status).toHaveTextContent('Your microphone hears sound.');

    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.element(status).toHaveTextContent('Checking your camera and microphone…');
    expect(pendingTimers.size).toBeGreaterThan(0);
    root.unmount();
    // The watch's reader ends a moment after the abort (a cancelled read settles asynchronously).
    await expect.poll(() => pendingTimers.size).toBe(0);
  });
});
