/**
 * The device check's grey copy read from a frame's bytes (frame-luma.ts), in real Chromium: for
 * each pixel format a camera delivers, a frame of known colours gives the brightness a canvas
 * shows for the same frame (what people see), within a few levels; a frame with no readable
 * bytes gives null, so the check draws it instead.
 */
import { describe, expect, it } from 'vitest';
import { LUMA_HEIGHT, LUMA_WIDTH } from '../../shared/device-check';
import { FrameLuma } from '../../renderer/src/components/lobby/frame-luma';

const W = 64;
const H = 36;

/** The left half one colour, the right half another, as RGBA bytes. */
function rgbaPicture(left: number[], right: number[]): Uint8Array {
  const bytes = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) bytes.set([...(x < W / 2 ? left : right), 255], (y * W + x) * 4);
  return bytes;
}

/** The same picture as a frame of `format`: RGBA or BGRA bytes, or (any other) a frame of a canvas it was drawn on, in the format Chromium picks. */
function frameOf(format: VideoPixelFormat, rgba: Uint8Array): VideoFrame {
  const source = new VideoFrame(rgba, { format: 'RGBA', codedWidth: W, codedHeight: H, timestamp: 0 });
  if (format === 'RGBA') return source;
  if (format === 'BGRA') {
    const bgra = rgba.slice();
    for (let i = 0; i < bgra.length; i += 4) [bgra[i], bgra[i + 2]] = [rgba[i + 2]!, rgba[i]!];
    source.close();
    return new VideoFrame(bgra, { format: 'BGRA', codedWidth: W, codedHeight: H, timestamp: 0 });
  }
  const canvas = new OffscreenCanvas(W, H);
  canvas.getContext('2d')!.drawImage(source, 0, 0);
  source.close();
  return new VideoFrame(canvas, { timestamp: 0 });
}

/** What a canvas shows of the frame, in the check's cells and weights. */
function drawn(frame: VideoFrame): number[] {
  const context = new OffscreenCanvas(LUMA_WIDTH, LUMA_HEIGHT).getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingEnabled = false;
  context.drawImage(frame, 0, 0, LUMA_WIDTH, LUMA_HEIGHT);
  const d = context.getImageData(0, 0, LUMA_WIDTH, LUMA_HEIGHT).data;
  return Array.from(
    { length: LUMA_WIDTH * LUMA_HEIGHT },
    (_, i) => 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!,
  );
}

/** A YUV frame built byte by byte: every pixel (y, u, v), studio range, BT.601. */
function yuvFrame(format: 'I420' | 'NV12' | 'I444', [y, u, v]: [number, number, number]): VideoFrame {
  const chroma = format === 'I444' ? W * H : (W / 2) * (H / 2);
  const bytes = new Uint8Array(W * H + 2 * chroma).fill(y, 0, W * H);
  if (format === 'NV12') for (let i = 0; i < chroma; i++) bytes.set([u, v], W * H + i * 2);
  else bytes.fill(u, W * H, W * H + chroma).fill(v, W * H + chroma);
  const colorSpace: VideoColorSpaceInit = {
    matrix: 'smpte170m',
    fullRange: false,
    primaries: 'smpte170m',
    transfer: 'smpte170m',
  };
  return new VideoFrame(bytes, { format, codedWidth: W, codedHeight: H, timestamp: 0, colorSpace });
}

describe('a frame’s brightness from its bytes', () => {
  it('RGBA and BGRA: each cell as a canvas shows it', async () => {
    for (const format of ['RGBA', 'BGRA'] as const) {
      const frame = frameOf(format, rgbaPicture([200, 40, 40], [20, 180, 90]));
      const luma = await new FrameLuma().read(frame);
      expect(luma, format).not.toBeNull();
      const shown = drawn(frame);
      frame.close();
      for (let i = 0; i < shown.length; i++)
        expect(Math.abs(luma![i]! - shown[i]!), `${format} cell ${i}`).toBeLessThanOrEqual(2);
    }
  });

  it('I420, NV12 and I444 (studio range, BT.601), grey and strongly coloured: what a canvas shows, within 3 levels', async () => {
    // Chromium's fake camera paints Y with U = V = 0: a green that Y alone would call near black.
    for (const pixel of [
      [126, 128, 128],
      [20, 0, 0],
      [150, 60, 200],
    ] as [number, number, number][])
      for (const format of ['I420', 'NV12', 'I444'] as const) {
        const frame = yuvFrame(format, pixel);
        const luma = await new FrameLuma().read(frame);
        expect(luma, `${format} ${pixel.join(',')}`).not.toBeNull();
        const shown = drawn(frame);
        frame.close();
        const worst = Math.max(...shown.map((s, i) => Math.abs(luma![i]! - s)));
        expect(worst, `${format} ${pixel.join(',')}: ${luma![0]} against ${shown[0]}`).toBeLessThanOrEqual(3);
      }
  });

  it('a frame drawn from a canvas (Chromium picks its format) is read or left to the canvas, never misread', async () => {
    const frame = frameOf('I420', rgbaPicture([240, 240, 240], [10, 10, 10]));
    const luma = await new FrameLuma().read(frame);
    const shown = drawn(frame);
    frame.close();
    if (luma) expect(Math.max(...shown.map((s, i) => Math.abs(luma[i]! - s)))).toBeLessThanOrEqual(3);
  });
});
