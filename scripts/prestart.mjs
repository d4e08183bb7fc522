#!/usr/bin/env node
/**
 * Runs before `npm start` (npm's prestart). Electron's npm package downloads
 * its binary the first time it is used; where that download cannot happen,
 * `electron .` ends in a stack trace and a suggested command that fails the
 * same way. This tries the download once, quietly, and when the binary is
 * still missing says so in one sentence, names the fixes, and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** Electron's package folder and binary, and whether the binary is there; `reason` says why not. */
export function findElectronBinary(env = process.env) {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, dir: null, reason: 'the electron package is not installed (run npm install first)' };
  }
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, name ?? 'electron');
    return existsSync(binary)
      ? { ok: true, dir, binary }
      : { ok: false, dir, reason: `ELECTRON_OVERRIDE_DIST_PATH points at ${binary}, which does not exist` };
  }
  if (name === null) return { ok: false, dir, reason: `Electron's binary is not on this computer (no ${pathFile})` };
  const binary = join(dir, 'dist', name);
  return existsSync(binary)
    ? { ok: true, dir, binary }
    : { ok: false, dir, reason: `Electron's binary is missing at ${binary}` };
}

/** Runs Electron's own installer with its output captured; the first line of its error when it fails. */
function tryDownload(dir) {
  const run = spawnSync(process.execPath, [join(dir, 'install.js')], {
    encoding: 'utf8',
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  if (run.status === 0) return null;
  const text = `${run.stderr ?? ''}\n${run.stdout ?? ''}`;
  const line = text.split('\n').find((l) => l.trim() !== '' && !/^\s+at /.test(l));
  return line?.trim() ?? (run.error ? run.error.message : `the installer exited with ${run.status}`);
}

export function missingBinaryMessage(reason, downloadError) {
  const tried = downloadError ? ` and downloading it failed (${downloadError})` : '';
  return [
    `Traverse cannot start as a desktop app: ${reason}${tried}.`,
    'Fixes:',
    '  - npm run web: use Traverse in a browser now (the same app on 127.0.0.1; open the URL it prints).',
    '  - ELECTRON_MIRROR=<a mirror you can reach, e.g. https://npmmirror.com/mirrors/electron/> npm start: download Electron from that mirror.',
    '  - Connect to the internet (Electron downloads from GitHub releases the first time) and run npm start again.',
  ].join('\n');
}

function main() {
  let found = findElectronBinary();
  if (found.ok) return 0;
  let downloadError = null;
  if (found.dir) {
    downloadError = tryDownload(found.dir);
    found = findElectronBinary();
    if (found.ok) return 0;
  }
  console.error(missingBinaryMessage(found.reason, downloadError));
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
