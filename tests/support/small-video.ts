/** A small moving picture for Chromium's fake camera (Y4M, 160x120, 15 fps, a grey that brightens), so many people fit two cores. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function smallVideo(): string {
  const [w, h, frames] = [160, 120, 30];
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i += 1) {
    parts.push(Buffer.from('FRAME\n'), Buffer.alloc(w * h, 60 + i * 5), Buffer.alloc((w * h) / 2, 128));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'traverse-y4m-')), 'small.y4m');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}
