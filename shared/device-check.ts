/**
 * The lobby's device check, judged: from small grey copies of camera frames and from blocks of
 * microphone samples, what the camera and microphone deliver. Pure; the renderer samples the
 * preview's tracks (components/lobby/device-check-run.ts) and device-check-words.ts says the verdicts.
 */

/** The grey copy of a frame the check keeps: 32×18 cells, a cell's luma 0 (black) to 255 (white). */
export const LUMA_WIDTH = 32;
export const LUMA_HEIGHT = 18;

/** How long a camera may take to deliver its first frame: opening one takes a few hundred ms, 3 s is a stall. */
export const FIRST_FRAME_MS = 3_000;
/** How long each device is watched: long enough for a few beats of speech and many frames, short enough to wait for. */
export const WATCH_MS = 2_000;
/** A grey copy every 200 ms: ten looks at the picture in the watch, far apart enough for a moving scene to differ. */
export const SAMPLE_EVERY_MS = 200;

/**
 * Fewer frames than this in the watch (2.5 a second) is not video any more: a working camera sends
 * 15 to 60 a second, 5 to 8 in a very dark room; Chromium sends one a second for a disabled track.
 */
export const MIN_FRAMES = 5;
/**
 * A cell this dark or darker is black: what a closed shutter or a covered lens gives, sensor noise
 * included (the copy samples single pixels, so noise is not averaged away).
 */
export const BLACK_LEVEL = 24;
/**
 * A frame is black when no more than 2 % of its cells are brighter than BLACK_LEVEL: a hot pixel
 * or a noise spike may be, but any lit part of a scene (a window, a screen, a face) covers more.
 */
export const BLACK_BRIGHT_SHARE = 0.02;
/** A live picture whose average luma stays below this (16 % of full) is very dark: faces lose their features. */
export const DARK_MEAN = 40;
/**
 * Two copies differing by no more than this in any cell show the same picture: colour conversion
 * may round a value by one, while a live sensor's noise moves some of 576 single pixels by more.
 */
export const FROZEN_CELL_DIFF = 1;

/** A sample this close to full scale (within 0.01 dB) is where a converter saturates; no clean signal sits there. */
export const CLIP_LEVEL = 0.999;
/**
 * Clipping flattens a wave's tops: three samples in a row at full scale. A loud clean peak passes
 * through full scale in one (Chromium's fake microphone beeps that way, measured: runs of 1).
 */
export const CLIP_RUN = 3;
/** Clipped in at least 5 % of the blocks (100 ms of 2 s): distortion heard again and again, not one knock. */
export const CLIP_SHARE = 0.05;
/** A block whose loudest sample is below one step of 16-bit audio is digital silence: a muted device sends zeros. */
export const SILENCE_PEAK = 1 / 32_768;
/** A block this loud (RMS, dBFS) or louder is sound: speech reaches -35 to -15, a quiet room's noise stays under -55. */
export const SOUND_DB = -50;
/** At least half the watch must have been heard to say anything about the microphone. */
export const MIN_HEARD_MS = WATCH_MS / 2;

/** What the camera delivered while it was watched. */
export interface CameraObservation {
  /** How long frames were awaited and watched, ms. */
  watchedMs: number;
  /** Frames delivered in the watch. */
  frames: number;
  /** ms from the first frame to the last. */
  spanMs: number;
  /** The last frame's size, px (0 when none came). */
  width: number;
  height: number;
  /** Grey copies (LUMA_WIDTH × LUMA_HEIGHT), one every SAMPLE_EVERY_MS, in order. */
  samples: readonly ArrayLike<number>[];
  /** ms from the first copy to the last. */
  sampledMs: number;
}

export type CameraVerdict =
  | { kind: 'moving'; width: number; height: number; fps: number }
  | { kind: 'dark'; width: number; height: number; fps: number; brightnessPct: number }
  | { kind: 'black'; width: number; height: number }
  | { kind: 'frozen'; width: number; height: number; fps: number; stillMs: number }
  | { kind: 'stalled'; frames: number; watchedMs: number }
  | { kind: 'no-frames'; watchedMs: number };

/** One block of microphone samples (about 20 ms), measured. */
export interface MicBlock {
  /** Loudness, dBFS (-Infinity for zeros). */
  rmsDb: number;
  /** The largest |sample|, 0 to 1 (above 1 when the source overshoots). */
  peak: number;
  /** CLIP_RUN samples in a row at CLIP_LEVEL or above. */
  clipped: boolean;
}

export interface MicObservation {
  blocks: readonly MicBlock[];
  /** ms of sound one block holds. */
  blockMs: number;
}

export type MicVerdict =
  | { kind: 'sound'; loudestDb: number }
  | { kind: 'quiet'; loudestDb: number; heardMs: number }
  | { kind: 'silent'; heardMs: number }
  | { kind: 'clipping'; clippedPct: number }
  | { kind: 'no-audio'; heardMs: number };

function isBlack(luma: ArrayLike<number>): boolean {
  let bright = 0;
  for (let i = 0; i < luma.length; i++) if (luma[i]! > BLACK_LEVEL) bright += 1;
  return bright <= luma.length * BLACK_BRIGHT_SHARE;
}

function mean(luma: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < luma.length; i++) sum += luma[i]!;
  return luma.length === 0 ? 0 : sum / luma.length;
}

/** True when every copy shows the first one's picture. */
function allSame(samples: readonly ArrayLike<number>[]): boolean {
  const [first, ...rest] = samples;
  if (!first) return true;
  return rest.every((other) => {
    if (other.length !== first.length) return false;
    for (let i = 0; i < first.length; i++) if (Math.abs(other[i]! - first[i]!) > FROZEN_CELL_DIFF) return false;
    return true;
  });
}

/** Frames a second over the span between the first frame and the last. */
function rate(o: CameraObservation): number {
  return o.spanMs > 0 ? Math.round(((o.frames - 1) * 1000) / o.spanMs) : 0;
}

export function classifyCamera(o: CameraObservation): CameraVerdict {
  if (o.frames === 0) return { kind: 'no-frames', watchedMs: o.watchedMs };
  // Two copies at least: one picture alone cannot show whether it moves.
  if (o.frames < MIN_FRAMES || o.samples.length < 2)
    return { kind: 'stalled', frames: o.frames, watchedMs: o.watchedMs };
  const size = { width: o.width, height: o.height };
  if (o.samples.every(isBlack)) return { kind: 'black', ...size };
  const fps = rate(o);
  if (allSame(o.samples)) return { kind: 'frozen', ...size, fps, stillMs: o.sampledMs };
  const brightness = o.samples.reduce((sum, s) => sum + mean(s), 0) / o.samples.length;
  if (brightness < DARK_MEAN)
    return { kind: 'dark', ...size, fps, brightnessPct: Math.round((brightness / 255) * 100) };
  return { kind: 'moving', ...size, fps };
}

/** Cuts samples into blocks of `size` (a last partial block is left out) and measures each. */
export function measureBlocks(samples: ArrayLike<number>, size: number): MicBlock[] {
  const blocks: MicBlock[] = [];
  for (let start = 0; size > 0 && start + size <= samples.length; start += size) {
    let sum = 0;
    let peak = 0;
    let run = 0;
    let clipped = false;
    for (let i = start; i < start + size; i++) {
      const s = Math.abs(samples[i]!);
      sum += s * s;
      peak = Math.max(peak, s);
      run = s >= CLIP_LEVEL ? run + 1 : 0;
      if (run >= CLIP_RUN) clipped = true;
    }
    blocks.push({ rmsDb: 10 * Math.log10(sum / size), peak, clipped });
  }
  return blocks;
}

export function classifyMicrophone({ blocks, blockMs }: MicObservation): MicVerdict {
  const heardMs = Math.round(blocks.length * blockMs);
  if (heardMs < MIN_HEARD_MS) return { kind: 'no-audio', heardMs };
  const clipped = blocks.filter((b) => b.clipped).length / blocks.length;
  if (clipped >= CLIP_SHARE) return { kind: 'clipping', clippedPct: Math.round(clipped * 100) };
  if (blocks.every((b) => b.peak < SILENCE_PEAK)) return { kind: 'silent', heardMs };
  const loudest = Math.max(...blocks.map((b) => b.rmsDb));
  const loudestDb = Math.round(loudest);
  return loudest >= SOUND_DB ? { kind: 'sound', loudestDb } : { kind: 'quiet', loudestDb, heardMs };
}

/** The camera line's state: a verdict, or why the camera was not watched. */
export type CameraCheck =
  | CameraVerdict
  /** Camera off is on: the track is disabled and sends black on purpose. */
  | { kind: 'off' }
  /** The preview has no camera track. */
  | { kind: 'none' }
  /** The track ended before or while it was watched (unplugged, or taken by another app). */
  | { kind: 'ended' }
  /** This browser cannot read a track's frames (no MediaStreamTrackProcessor). */
  | { kind: 'unreadable' };

/** The microphone line's state: a verdict, or why the microphone was not heard. */
export type MicrophoneCheck =
  | MicVerdict
  /** Mute is on: the track is disabled and gives silence on purpose. */
  | { kind: 'muted' }
  | { kind: 'none' }
  | { kind: 'ended' };
