/** Where Electron's binary is, or why there is none: the Electron suites skip, saying why, when it is missing. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronBinary(): { path: string } | { reason: string } {
  let dir: string;
  try {
    dir = join(require.resolve('electron/package.json'), '..');
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason: `Electron's binary was never downloaded (no ${pathFile}); this machine cannot reach Electron's release downloads`,
    };
  }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `Electron's binary is missing at ${binary}` };
}
