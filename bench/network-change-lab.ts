/**
 * The network-change benchmark on the NAT lab's real uplinks: home A with two routers, a real call
 * to home B, and the gap in the frames Ben's screen shows of Ana across each switch
 * (tests/natlab/uplink-switches.lab-bench.ts, run here through the lab's Playwright config). Unlike
 * the loopback part, the old path dies with the change. Needs root and a built renderer (`npm run
 * build`); where the lab cannot run, says why instead of a figure.
 */
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { labUnavailable } from '../tests/natlab/lab';
import { median } from './median';

const gapsSchema = z.object({ 'link-down': z.array(z.number()), 'route-move': z.array(z.number()) });

export interface LabKindResult {
  gapMs: number[];
  medianGapMs: number;
  maxGapMs: number;
}

export type LabResult =
  { skipped: string } | { switches: number; 'link-down': LabKindResult; 'route-move': LabKindResult };

const root = fileURLToPath(new URL('..', import.meta.url));

function runLab(out: string, switches: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'tests/natlab/playwright.config.ts'], {
      cwd: root,
      env: { ...process.env, NATLAB_BENCH_OUT: out, NATLAB_BENCH_SWITCHES: String(switches) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

const kind = (gapMs: number[]): LabKindResult => ({
  gapMs,
  medianGapMs: Math.round(median(gapMs)),
  maxGapMs: Math.max(...gapMs),
});

export async function measureOnLab(switches: number): Promise<LabResult> {
  const unavailable = await labUnavailable();
  if (unavailable) return { skipped: unavailable };
  const built = await access(join(root, 'out/renderer/index.html')).then(
    () => true,
    () => false,
  );
  if (!built) return { skipped: 'the renderer is not built: run npm run build first' };
  const dir = await mkdtemp(join(tmpdir(), 'traverse-lab-bench-'));
  try {
    const out = join(dir, 'gaps.json');
    const code = await runLab(out, switches);
    if (code !== 0) throw new Error(`the NAT lab's switches failed (playwright exit ${String(code)}): see above`);
    const gaps = gapsSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    return { switches, 'link-down': kind(gaps['link-down']), 'route-move': kind(gaps['route-move']) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
