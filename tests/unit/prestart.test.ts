/**
 * `npm start`'s prestart check, run as npm runs it, on this machine where
 * Electron's binary is absent: one sentence saying so, the fixes (npm run web,
 * ELECTRON_MIRROR, internet), exit 1, no stack trace. Its download attempt is
 * pointed at a closed port on loopback through ELECTRON_MIRROR, so nothing
 * leaves the machine. With a binary present (ELECTRON_OVERRIDE_DIST_PATH) it
 * stays silent and lets npm start go on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../electron/electron-binary';

const script = join(import.meta.dirname, '../../scripts/prestart.mjs');

function runPrestart(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ELECTRON_')));
  return spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...clean, ...env }, timeout: 60_000 });
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('prestart: Electron binary check', () => {
  it.skipIf('path' in electronBinary())('says the binary is missing in one sentence, names the fixes, exits 1', () => {
    const run = runPrestart({ ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^Traverse cannot start as a desktop app: Electron's binary is not on this computer/);
    expect(lines[0]!.match(/\.( |$)/g)).toHaveLength(1);
    expect(run.stderr).toContain('npm run web');
    expect(run.stderr).toContain('ELECTRON_MIRROR=');
    expect(run.stderr).toMatch(/internet/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('install-electron --no');
    expect(run.stdout).toBe('');
  });

  it('stays quiet and exits 0 when the binary is there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-electron-'));
    dirs.push(dir);
    await writeFile(join(dir, 'electron'), '');
    const run = runPrestart({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
