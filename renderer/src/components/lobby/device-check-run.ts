/**
 * The device check's sampling: a clone of the camera track read frame by frame (counted, and a
 * 32×18 grey copy every 200 ms, frame-luma.ts), the microphone heard through the lobby's MicTap; the verdicts
 * come from shared/device-check.ts. Everything started here stops when the watch ends or `signal` aborts.
 */
import {
  classifyCamera,
  classifyMicrophone,
  FIRST_FRAME_MS,
  LUMA_HEIGHT,
  LUMA_WIDTH,
  measureBlocks,
  SAMPLE_EVERY_MS,
  WATCH_MS,
  type CameraCheck,
  type CameraObservation,
  type MicrophoneCheck,
} from '../../../../shared/device-check';
import { FrameLuma } from './frame-luma';
import type { MicTap } from './mic-tap';

/** Chromium's MediaStreamTrackProcessor (mediacapture-transform), which lib.dom does not declare for a window. */
type TrackProcessor = new (init: { track: MediaStreamTrack }) => { readonly readable: ReadableStream<VideoFrame> };

/** A block of microphone samples is 20 ms: one syllable's attack, the span a clip is heard in. */
const BLOCK_MS = 20;
/** How often the microphone's new samples are collected (the tap's window holds 0.68 s). */
const HEAR_EVERY_MS = 100;

/** A function, not an inline test: TypeScript would keep a state narrowed across the awaits that change it. */
const ended = (track: MediaStreamTrack): boolean => track.readyState === 'ended';

/** A grey copy drawn through a canvas, for a frame whose bytes cannot be read (frame-luma.ts). */
function drawnLuma(context: OffscreenCanvasRenderingContext2D, frame: VideoFrame): Uint8ClampedArray {
  context.drawImage(frame, 0, 0, LUMA_WIDTH, LUMA_HEIGHT);
  const rgba = context.getImageData(0, 0, LUMA_WIDTH, LUMA_HEIGHT).data;
  const luma = new Uint8ClampedArray(LUMA_WIDTH * LUMA_HEIGHT);
  for (let i = 0; i < luma.length; i++) {
    luma[i] = 0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!;
  }
  return luma;
}

/** Reads frames until the deadline moves past (FIRST_FRAME_MS for the first, then WATCH_MS) or `signal` aborts. */
async function observe(
  reader: ReadableStreamDefaultReader<VideoFrame>,
  signal: AbortSignal,
): Promise<CameraObservation> {
  const luma = new FrameLuma();
  const context = new OffscreenCanvas(LUMA_WIDTH, LUMA_HEIGHT).getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingEnabled = false;
  const started = performance.now();
  const o = { frames: 0, width: 0, height: 0, samples: [] as Uint8ClampedArray[] };
  let first = 0;
  let lastFrame = 0;
  let firstSample = 0;
  let lastSample = -Infinity;
  // Cancelling the reader ends a pending read with done: the deadline and an abort both do.
  const stop = () => void reader.cancel();
  let deadline = setTimeout(stop, FIRST_FRAME_MS);
  signal.addEventListener('abort', stop, { once: true });
  if (signal.aborted) stop();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const frame = read.value;
      const now = performance.now();
      if (o.frames === 0) {
        first = now;
        clearTimeout(deadline);
        deadline = setTimeout(stop, WATCH_MS);
      }
      o.frames += 1;
      lastFrame = now;
      o.width = frame.displayWidth;
      o.height = frame.displayHeight;
      if (now - lastSample >= SAMPLE_EVERY_MS) {
        if (o.samples.length === 0) firstSample = now;
        lastSample = now;
        try {
          o.samples.push((await luma.read(frame).catch(() => null)) ?? drawnLuma(context, frame));
        } finally {
          frame.close();
        }
      } else frame.close();
    }
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener('abort', stop);
  }
  const watchedMs = Math.round(performance.now() - started);
  return { ...o, watchedMs, spanMs: lastFrame - first, sampledMs: o.samples.length ? lastSample - firstSample : 0 };
}

/** Watches a camera track (through a clone, stopped after, so the preview is untouched) and judges it. */
export async function checkCamera(track: MediaStreamTrack, signal: AbortSignal): Promise<CameraCheck> {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  if (!Processor) return { kind: 'unreadable' };
  if (ended(track)) return { kind: 'ended' };
  const clone = track.clone();
  try {
    const observation = await observe(new Processor({ track: clone }).readable.getReader(), signal);
    // A track that ended mid-watch stopped its frames: that is the news, not "stalled".
    return ended(clone) || ended(track) ? { kind: 'ended' } : classifyCamera(observation);
  } finally {
    clone.stop();
  }
}

/** Hears the microphone through `tap` for WATCH_MS (or until `signal` aborts) and judges it. */
export async function checkMicrophone(tap: MicTap, signal: AbortSignal): Promise<MicrophoneCheck> {
  if (ended(tap.track)) return { kind: 'ended' };
  await tap.resume().catch(() => undefined);
  const read = tap.reader();
  const heard: Float32Array[] = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => heard.push(read()), HEAR_EVERY_MS);
    const end = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      signal.removeEventListener('abort', end);
      heard.push(read());
      resolve();
    };
    const deadline = setTimeout(end, WATCH_MS);
    signal.addEventListener('abort', end, { once: true });
    if (signal.aborted) end();
  });
  if (ended(tap.track)) return { kind: 'ended' };
  const samples = new Float32Array(heard.reduce((n, h) => n + h.length, 0));
  let at = 0;
  for (const h of heard) {
    samples.set(h, at);
    at += h.length;
  }
  const blockSize = Math.round((tap.sampleRate * BLOCK_MS) / 1000);
  return classifyMicrophone({ blocks: measureBlocks(samples, blockSize), blockMs: BLOCK_MS });
}
