/**
 * The harness's stand-in for desktopCapturer: it has no desktop to list, so it
 * offers made-up screens and windows with small generated PNG thumbnails (a
 * real PNG encoder, so the picker shows real pictures from data: URLs).
 */
import { deflateSync } from 'node:zlib';
import type { ScreenSource } from '../../shared/ipc';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

type Rgb = readonly [number, number, number];

/** A width×height RGB PNG: a desktop colour, a window with a title bar, and a few text-like lines. */
export function thumbnailPng(width: number, height: number, desktop: Rgb, window: Rgb): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inWindow = x > width * 0.12 && x < width * 0.88 && y > height * 0.14 && y < height * 0.86;
      const titleBar = inWindow && y < height * 0.24;
      const line = inWindow && !titleBar && y % 14 < 3 && x < width * (0.7 - ((y * 7) % 30) / 100);
      const rgb: Rgb = titleBar ? [60, 64, 72] : line ? [120, 128, 140] : inWindow ? window : desktop;
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.concat(rows));
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** Two screens and three windows, one of them without a picture (as a minimised window has none). */
export function fakeScreenSources(): ScreenSource[] {
  return [
    {
      id: 'screen:0:0',
      name: 'Screen 1',
      kind: 'screen',
      thumbnail: dataUrl(thumbnailPng(320, 180, [30, 70, 120], [236, 240, 244])),
    },
    {
      id: 'screen:1:0',
      name: 'Screen 2',
      kind: 'screen',
      thumbnail: dataUrl(thumbnailPng(320, 180, [90, 40, 100], [250, 250, 250])),
    },
    {
      id: 'window:101:0',
      name: 'Quarterly plan — Slides',
      kind: 'window',
      thumbnail: dataUrl(thumbnailPng(320, 180, [245, 245, 245], [255, 244, 214])),
    },
    {
      id: 'window:102:0',
      name: 'Terminal',
      kind: 'window',
      thumbnail: dataUrl(thumbnailPng(320, 180, [20, 20, 20], [28, 36, 30])),
    },
    { id: 'window:103:0', name: 'Notes', kind: 'window', thumbnail: null },
  ];
}
