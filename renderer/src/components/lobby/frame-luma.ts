/**
 * A grey copy of a camera frame for the device check: LUMA_WIDTH×LUMA_HEIGHT cells, one pixel
 * sampled per cell (no smoothing keeps sensor noise), 0-255, the brightness of the picture people
 * see: each sampled pixel as RGB (a YUV frame converted with its own matrix and range, clipped, as
 * a canvas shows it), weighed BT.601. Read from the frame's own bytes (WebCodecs
 * `VideoFrame.copyTo`), not through a canvas: drawing each sampled VideoFrame into one grew the
 * renderer by 7 to 10 MB with every lobby visit, never given back (`npm run bench -- call-weight`:
 * RSS 28-42 % over the join/leave cycles, flat without the drawing, 3 December 2026). A frame
 * whose bytes cannot be read (no format: a GPU-only frame) gives null, and is drawn instead.
 */
import { LUMA_HEIGHT, LUMA_WIDTH } from '../../../../shared/device-check';

/** Byte order of R, G and B in a 4-byte pixel. */
const RGB: Partial<Record<VideoPixelFormat, [number, number, number]>> = {
  RGBA: [0, 1, 2],
  RGBX: [0, 1, 2],
  BGRA: [2, 1, 0],
  BGRX: [2, 1, 0],
};
/** Chroma subsampling (x and y shifts) of the YUV formats; NV12 keeps U and V interleaved in one plane. */
const YUV: Partial<Record<VideoPixelFormat, [number, number]>> = {
  I420: [1, 1],
  I420A: [1, 1],
  I422: [1, 0],
  I444: [0, 0],
  NV12: [1, 1],
};

type Pixel = (x: number, y: number) => [number, number, number];

/** Reads frames' bytes into one buffer, grown as frames need. */
export class FrameLuma {
  private bytes = new Uint8Array(0);

  async read(frame: VideoFrame): Promise<Uint8ClampedArray | null> {
    const { format, visibleRect } = frame;
    if (!format || !visibleRect || (!RGB[format] && !YUV[format])) return null;
    const size = frame.allocationSize();
    if (this.bytes.length < size) this.bytes = new Uint8Array(size);
    const layout = await frame.copyTo(this.bytes);
    const pixel = RGB[format] ? rgbPixel(this.bytes, layout, RGB[format]) : yuvPixel(this.bytes, layout, frame);
    if (!pixel) return null;
    const { width, height } = visibleRect;
    const luma = new Uint8ClampedArray(LUMA_WIDTH * LUMA_HEIGHT);
    for (let cy = 0; cy < LUMA_HEIGHT; cy++) {
      const y = Math.floor(((cy + 0.5) * height) / LUMA_HEIGHT);
      for (let cx = 0; cx < LUMA_WIDTH; cx++) {
        const [r, g, b] = pixel(Math.floor(((cx + 0.5) * width) / LUMA_WIDTH), y);
        luma[cy * LUMA_WIDTH + cx] = 0.299 * r + 0.587 * g + 0.114 * b;
      }
    }
    return luma;
  }
}

function rgbPixel(bytes: Uint8Array, [plane]: PlaneLayout[], [r, g, b]: [number, number, number]): Pixel | null {
  if (!plane) return null;
  return (x, y) => {
    const at = plane.offset + y * plane.stride + x * 4;
    return [bytes[at + r]!, bytes[at + g]!, bytes[at + b]!];
  };
}

function yuvPixel(bytes: Uint8Array, layout: PlaneLayout[], frame: VideoFrame): Pixel | null {
  const [luma, u, v] = layout;
  const shifts = frame.format ? YUV[frame.format] : undefined;
  if (!luma || !u || !shifts) return null;
  const nv12 = frame.format === 'NV12';
  const chroma = nv12 ? { u, v: { offset: u.offset + 1, stride: u.stride } } : v ? { u, v } : null;
  if (!chroma) return null;
  const [sx, sy] = shifts;
  const step = nv12 ? 2 : 1;
  const [kr, kb] = frame.colorSpace.matrix === 'bt709' ? [0.2126, 0.0722] : [0.299, 0.114];
  const full = frame.colorSpace.fullRange === true;
  const [yScale, cScale] = full ? [255, 255] : [219, 224];
  return (x, y) => {
    const c = (p: PlaneLayout) => bytes[p.offset + (y >> sy) * p.stride + (x >> sx) * step]!;
    const Y = (bytes[luma.offset + y * luma.stride + x]! - (full ? 0 : 16)) / yScale;
    const cb = (c(chroma.u) - 128) / cScale;
    const cr = (c(chroma.v) - 128) / cScale;
    const r = Y + 2 * (1 - kr) * cr;
    const b = Y + 2 * (1 - kb) * cb;
    const g = (Y - kr * r - kb * b) / (1 - kr - kb);
    return [clip(r), clip(g), clip(b)];
  };
}

const clip = (v: number) => Math.min(255, Math.max(0, v * 255));
