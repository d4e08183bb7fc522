/**
 * Launches the real app where Electron's binary exists and checks it is locked
 * down, from the main process (webPreferences of the live window) and from the
 * page (no Node, window.open denied, navigation pinned, permissions refused).
 * Here (no binary can be downloaded) it is skipped with the reason printed:
 * a skip, never a pass.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from './electron-binary';

const found = electronBinary();
let app: ElectronApplication | undefined;

test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

test('the app window opens, renders the lobby, and is locked down', async () => {
  if ('reason' in found) {
    console.log(`SKIPPED Electron smoke test: ${found.reason}.`);
    test.skip(true, found.reason);
    return;
  }
  const userData = mkdtempSync(join(tmpdir(), 'traverse-electron-'));
  app = await electron.launch({
    executablePath: found.path,
    args: ['.', `--user-data-dir=${userData}`],
    cwd: join(import.meta.dirname, '../..'),
  });
  const page = await app.firstWindow();
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  expect(page.url()).toMatch(/^app:\/\/traverse\//);

  // webPreferences of the live window. getLastWebPreferences is real but missing from Electron's typings.
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
      getLastWebPreferences?: () => Record<string, unknown>;
    };
    return contents.getLastWebPreferences?.() ?? null;
  });
  expect(prefs).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
  });

  const renderer = await page.evaluate(async () => {
    const g = globalThis as { require?: unknown; process?: unknown; traverse?: { getIce?: unknown } };
    const opened = window.open('https://example.org/', '_blank');
    const geolocation = await new Promise<string>((done) => {
      navigator.geolocation.getCurrentPosition(
        () => done('granted'),
        (error) => done(error.code === error.PERMISSION_DENIED ? 'denied' : `error ${error.code}`),
        { timeout: 5000 },
      );
    });
    const traversal = await fetch('app://traverse/..%2f..%2f..%2fetc%2fpasswd').then(
      (r) => r.status,
      () => -1,
    );
    return {
      require: typeof g.require,
      process: typeof g.process,
      api: typeof g.traverse?.getIce,
      opened: opened === null,
      geolocation,
      traversal,
    };
  });
  expect(renderer).toEqual({
    require: 'undefined',
    process: 'undefined',
    api: 'function',
    opened: true,
    geolocation: 'denied',
    traversal: 404,
  });
  expect(app.windows()).toHaveLength(1);

  // A navigation away from our scheme is cancelled: the page stays ours.
  await page.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/traverse\//);
});
