/**
 * Before the NAT lab: no namespaces left by a run that crashed, a fresh file
 * for the matrix, and a private snapshot of the built renderer (others may
 * rebuild out/renderer mid-run, and a half-written build is a blank page).
 */
import { cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { destroyLab, labUnavailable } from './lab';

const BUILT = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** True when every /assets/ file index.html names exists in `dir`. */
async function complete(dir: string): Promise<boolean> {
  try {
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const present = new Set(await readdir(join(dir, 'assets')));
    const named = [...html.matchAll(/\/assets\/([^"']+)/g)].map((m) => m[1] ?? '');
    return named.length > 0 && named.every((name) => present.has(name));
  } catch {
    return false;
  }
}

async function snapshotRenderer(): Promise<string> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const copy = await mkdtemp(join(tmpdir(), 'traverse-natlab-renderer-'));
    await cp(BUILT, copy, { recursive: true }).catch(() => undefined);
    if (await complete(copy)) return copy;
    // A build is being written right now: try again once it has moved on.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`${BUILT} has no complete build: run \`npx electron-vite build\` first`);
}

export default async function globalSetup(): Promise<void> {
  if ((await labUnavailable()) === null) await destroyLab();
  const work = await mkdtemp(join(tmpdir(), 'traverse-natlab-'));
  // Workers inherit the environment global setup leaves behind.
  process.env.NATLAB_RESULTS_FILE = join(work, 'cells.json');
  process.env.NATLAB_RENDERER_DIR = await snapshotRenderer();
}
