/**
 * Launches the real app where Electron's binary exists. Here (no binary can be
 * downloaded) it is skipped with the reason printed: a skip, never a pass.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or why there is none. */
function electronBinary(): { path: string } | { reason: string } {
  let dir: string;
  try {
    dir = join(require.resolve('electron/package.json'), '..');
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { reason: `Electron's binary was never downloaded (no ${pathFile}); this machine cannot reach Electron's release downloads` };
  }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `Electron's binary is missing at ${binary}` };
}

const found = electronBinary();

test('the app window opens, renders the lobby, and is locked down', async () => {
  if ('reason' in found) {
    console.log(`SKIPPED Electron smoke test: ${found.reason}.`);
    test.skip(true, found.reason);
    return;
  }
  const userData = mkdtempSync(join(tmpdir(), 'traverse-electron-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: ['.', `--user-data-dir=${userData}`],
    cwd: join(import.meta.dirname, '../..'),
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('button', { name: 'Join' })).toBeVisible();
    expect(window.url()).toMatch(/^app:\/\/traverse\//);
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0];
      return win?.webContents.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof window.traverse?.getIce)).toBe('function');
  } finally {
    await app.close();
  }
});
