/** App lifecycle: wires Electron's ports to the core and opens the window. Nothing else. */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './core/guards';
import { createHandlers } from './core/handlers';
import { createSettingsStore } from './core/settings';
import { localUrl, startEmbeddedServer } from './embedded-server';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainWindow, installPermissionHandlers, ourWindows } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));

// Every renderer sandboxed, including any we did not ask for.
app.enableSandbox();
registerAppScheme();

void app.whenReady().then(async () => {
  const settings = createSettingsStore(app.getPath('userData'), (m) => console.warn(m));
  const embedded = await startEmbeddedServer();
  const handlers = createHandlers({
    settings,
    app: { version: app.getVersion(), platform: process.platform },
    embeddedSignalingUrl: () => localUrl(embedded),
  });
  serveRenderer(join(here, '../renderer'), async () =>
    contentSecurityPolicy((await settings.get()).signalingUrl || localUrl(embedded)),
  );
  installPermissionHandlers();
  registerIpc(handlers, ourWindows);
  createMainWindow(join(here, '../preload'));

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(join(here, '../preload'));
  });
  app.on('will-quit', () => void embedded.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
