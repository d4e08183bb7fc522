/**
 * `npm run dist` for the current platform, where Electron's binary exists:
 * the installer artifacts appear in dist/, and the packaged executable carries
 * the fuses from electron-builder.yml. electron-builder downloads Electron and
 * its packaging tools, which this machine cannot, so here it skips saying why.
 */
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary } from './electron-binary';

const root = join(import.meta.dirname, '../..');
/** A fuse's byte in the binary: ASCII '1' when enabled, '0' when disabled (@electron/fuses' FuseState). */
const ENABLED = 49;
const DISABLED = 48;
const found = electronBinary();

/** What one `npm run dist` leaves in dist/ on each platform, and where the packaged executable is. */
const EXPECTED: Partial<Record<NodeJS.Platform, { artifacts: RegExp[]; executable: string }>> = {
  linux: { artifacts: [/\.AppImage$/, /\.deb$/], executable: 'linux-unpacked/traverse' },
  win32: { artifacts: [/Setup.*\.exe$/], executable: 'win-unpacked/Traverse.exe' },
  darwin: { artifacts: [/\.dmg$/], executable: `mac${process.arch === 'arm64' ? '-arm64' : ''}/Traverse.app` },
};

test('npm run dist builds the installers for this platform, with the fuses flipped', async () => {
  test.setTimeout(20 * 60_000);
  const expected = EXPECTED[process.platform];
  if ('reason' in found || !expected) {
    const reason = 'reason' in found ? found.reason : `no installer target for ${process.platform}`;
    console.log(`SKIPPED npm run dist: ${reason}.`);
    test.skip(true, reason);
    return;
  }
  const run = spawnSync('npm', ['run', 'dist'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 18 * 60_000,
    shell: process.platform === 'win32',
  });
  expect(run.status, `npm run dist failed:\n${(run.stdout + run.stderr).slice(-4000)}`).toBe(0);

  const outputs = readdirSync(join(root, 'dist'));
  for (const pattern of expected.artifacts)
    expect(
      outputs.some((name) => pattern.test(name)),
      `${pattern} in ${outputs.join(', ')}`,
    ).toBe(true);

  const executable = join(root, 'dist', expected.executable);
  expect(existsSync(executable)).toBe(true);
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<number, number>;
  expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLED);
  expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLED);
  expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLED);
  expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLED);
  expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLED);
  expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLED);
  expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLED);
});
