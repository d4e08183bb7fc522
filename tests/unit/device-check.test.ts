/** The lobby's device check, judged from observations: each camera and microphone verdict and the edges of each threshold. */
import { describe, expect, it } from 'vitest';
import {
  BLACK_LEVEL,
  classifyCamera,
  classifyMicrophone,
  CLIP_LEVEL,
  DARK_MEAN,
  LUMA_HEIGHT,
  LUMA_WIDTH,
  measureBlocks,
  MIN_FRAMES,
  SILENCE_PEAK,
  SOUND_DB,
  type CameraObservation,
  type MicBlock,
} from '../../shared/device-check';

const CELLS = LUMA_WIDTH * LUMA_HEIGHT;

/** A deterministic noise source (mulberry32), so "a live sensor" is the same every run. */
function noise(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const flat = (value: number): number[] => new Array<number>(CELLS).fill(value);
/** A live picture: each cell `mean` ± `spread`, different every copy. */
function live(count: number, mean: number, spread: number, seed = 1): number[][] {
  const random = noise(seed);
  return Array.from({ length: count }, () => flat(0).map(() => Math.round(mean + (random() * 2 - 1) * spread)));
}

function camera(samples: number[][], patch: Partial<CameraObservation> = {}): CameraObservation {
  return { watchedMs: 2100, frames: 41, spanMs: 2000, width: 640, height: 480, samples, sampledMs: 1800, ...patch };
}

describe('the camera check', () => {
  it('no frame at all: no-frames, with how long it waited', () => {
    expect(classifyCamera(camera([], { frames: 0, spanMs: 0, width: 0, height: 0, watchedMs: 3000 }))).toEqual({
      kind: 'no-frames',
      watchedMs: 3000,
    });
  });

  it(`fewer than ${MIN_FRAMES} frames, or one copy only, is stalled: a picture alone cannot be moving or frozen`, () => {
    const few = camera(live(2, 128, 60), { frames: MIN_FRAMES - 1 });
    expect(classifyCamera(few)).toEqual({ kind: 'stalled', frames: MIN_FRAMES - 1, watchedMs: 2100 });
    expect(classifyCamera(camera(live(1, 128, 60), { frames: 30 })).kind).toBe('stalled');
    expect(classifyCamera(camera(live(2, 128, 60), { frames: MIN_FRAMES })).kind).toBe('moving');
  });

  it('a live picture: moving, its size and frame rate', () => {
    expect(classifyCamera(camera(live(10, 128, 60)))).toEqual({ kind: 'moving', width: 640, height: 480, fps: 20 });
  });

  it('black frames, exactly black or with sensor noise up to BLACK_LEVEL, are black, even when identical', () => {
    expect(classifyCamera(camera([flat(0), flat(0), flat(0)]))).toEqual({ kind: 'black', width: 640, height: 480 });
    const noisy = live(10, BLACK_LEVEL / 2, BLACK_LEVEL / 2);
    expect(noisy.flat().some((v) => v === BLACK_LEVEL)).toBe(true);
    expect(classifyCamera(camera(noisy)).kind).toBe('black');
  });

  it('a few bright cells (2 % at most: hot pixels) stay black; a lit part of the scene is not black', () => {
    const withBright = (bright: number) => live(5, 4, 4).map((s) => s.map((v, i) => (i < bright ? 200 : v)));
    expect(classifyCamera(camera(withBright(Math.floor(CELLS * 0.02)))).kind).toBe('black');
    expect(classifyCamera(camera(withBright(Math.floor(CELLS * 0.02) + 1))).kind).not.toBe('black');
  });

  it('frames that arrive and do not change are frozen, for the span the copies cover', () => {
    const still = flat(128);
    expect(classifyCamera(camera([still, still, still, still]))).toEqual({
      kind: 'frozen',
      width: 640,
      height: 480,
      fps: 20,
      stillMs: 1800,
    });
  });

  it('a change of one level (colour rounding) is still frozen; two levels in one cell is a live picture', () => {
    const still = live(1, 128, 60)[0]!;
    const rounded = still.map((v, i) => v + (i % 2 === 0 ? 1 : -1));
    expect(classifyCamera(camera([still, rounded, still])).kind).toBe('frozen');
    const one = still.map((v, i) => (i === 300 ? v + 2 : v));
    expect(classifyCamera(camera([still, still, one])).kind).toBe('moving');
  });

  it(`a live picture darker on average than ${DARK_MEAN} is dark, with its brightness; at ${DARK_MEAN} it is not`, () => {
    expect(classifyCamera(camera(live(10, 25, 20)))).toEqual({
      kind: 'dark',
      width: 640,
      height: 480,
      fps: 20,
      brightnessPct: 10,
    });
    const atEdge = [flat(DARK_MEAN - 1), flat(DARK_MEAN + 1)];
    expect(classifyCamera(camera(atEdge)).kind).toBe('moving');
  });
});

/** `count` measured blocks, all alike. */
const blocks = (count: number, block: Partial<MicBlock>): MicBlock[] =>
  Array.from({ length: count }, () => ({ rmsDb: -30, peak: 0.1, clipped: false, ...block }));
const mic = (list: MicBlock[]) => classifyMicrophone({ blocks: list, blockMs: 20 });

describe('measuring microphone blocks', () => {
  it('RMS in dBFS and the peak of each whole block; a partial last block is left out', () => {
    const sine = Array.from({ length: 960 * 2 + 100 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * i) / 48));
    const measured = measureBlocks(sine, 960);
    expect(measured).toHaveLength(2);
    expect(measured[0]!.rmsDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 2);
    expect(measured[0]!.peak).toBeCloseTo(0.5, 2);
    expect(measured[0]!.clipped).toBe(false);
    expect(measureBlocks(new Float32Array(960), 960)[0]).toEqual({ rmsDb: -Infinity, peak: 0, clipped: false });
  });

  it('clipped: three samples in a row at full scale, either sign; two in a row, or a single peak above, are not', () => {
    const with_ = (run: number[]) => {
      const samples = new Float32Array(100);
      samples.set(run, 40);
      return measureBlocks(samples, 100)[0]!.clipped;
    };
    expect(with_([CLIP_LEVEL, 1, CLIP_LEVEL])).toBe(true);
    expect(with_([-1, -1, -1])).toBe(true);
    expect(with_([1, 1, 0.5, 1.03])).toBe(false);
    expect(with_([0.998, 0.998, 0.998, 0.998])).toBe(false);
  });
});

describe('the microphone check', () => {
  it('less than a second heard: nothing is said about the microphone', () => {
    expect(mic([])).toEqual({ kind: 'no-audio', heardMs: 0 });
    expect(mic(blocks(49, {}))).toEqual({ kind: 'no-audio', heardMs: 980 });
    expect(mic(blocks(50, {})).kind).toBe('sound');
  });

  it('digital silence (every peak under one 16-bit step) is silent; one step is not', () => {
    expect(mic(blocks(100, { rmsDb: -Infinity, peak: 0 }))).toEqual({ kind: 'silent', heardMs: 2000 });
    expect(mic(blocks(100, { rmsDb: -100, peak: SILENCE_PEAK * 0.99 })).kind).toBe('silent');
    const oneStep = [...blocks(99, { rmsDb: -Infinity, peak: 0 }), ...blocks(1, { rmsDb: -96, peak: SILENCE_PEAK })];
    expect(mic(oneStep)).toEqual({ kind: 'quiet', loudestDb: -96, heardMs: 2000 });
  });

  it(`sound from ${SOUND_DB} dBFS in any one block; fainter is quiet, with the loudest level`, () => {
    const room = blocks(99, { rmsDb: -65, peak: 0.001 });
    expect(mic([...room, ...blocks(1, { rmsDb: SOUND_DB })])).toEqual({ kind: 'sound', loudestDb: SOUND_DB });
    expect(mic([...room, ...blocks(1, { rmsDb: SOUND_DB - 0.01 })])).toEqual({
      kind: 'quiet',
      loudestDb: SOUND_DB,
      heardMs: 2000,
    });
  });

  it('clipped in 5 % of the blocks is clipping; 4 % (a knock, a beep) is sound', () => {
    const loud = blocks(95, { rmsDb: -12, peak: 0.9 });
    expect(mic([...loud, ...blocks(5, { rmsDb: -3, peak: 1, clipped: true })])).toEqual({
      kind: 'clipping',
      clippedPct: 5,
    });
    expect(mic([...loud, ...blocks(1, {}), ...blocks(4, { rmsDb: -3, peak: 1, clipped: true })]).kind).toBe('sound');
  });
});
