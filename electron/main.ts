/** App lifecycle: wires Electron's ports to the core and opens the window. Nothing else. */
import { app, BrowserWindow, safeStorage, webContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './core/guards';
import { createHandlers, signalingUrlFor } from './core/handlers';
import { createIceService } from './core/ice';
import { createSettingsStore } from './core/settings';
import { createVault } from './core/vault';
import type { IpcEvent } from '../shared/ipc';
import { watchSettings } from './core/settings-watch';
import { localUrl, startEmbeddedServer } from './embedded-server';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { applyRelayOnly, createMainWindow, installSecurityHandlers, ourWindows } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));

// Every renderer sandboxed, including any we did not ask for.
app.enableSandbox();
registerAppScheme();

void app.whenReady().then(async () => {
  // Relay-only also changes what WebRTC may reveal, so the window follows every settings read and write.
  const settings = watchSettings(createSettingsStore(app.getPath('userData'), (m) => console.warn(m)), (s) => applyRelayOnly(s.relayOnly));
  const embedded = await startEmbeddedServer();
  const embeddedSignalingUrl = () => localUrl(embedded);
  const vault = createVault({
    dir: app.getPath('userData'),
    // safeStorage's async API: the OS keychain/DPAPI/libsecret does the encryption.
    storage: {
      isAsyncEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
      encryptStringAsync: (plain) => safeStorage.encryptStringAsync(plain),
      decryptStringAsync: (data) => safeStorage.decryptStringAsync(Buffer.from(data)),
      backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : `${process.platform}_keychain`),
    },
    acceptsWeakStorage: async () => (await settings.get()).acceptWeakSecretStorage,
    log: (m) => console.warn(m),
  });
  const ice = createIceService({ settings, vault, signalingUrl: () => signalingUrlFor({ settings, embeddedSignalingUrl }), log: (m) => console.log(m) });
  // Fresh credentials go to every window we created (live calls apply them).
  ice.onUpdate((config) => {
    for (const id of ourWindows) webContents.fromId(id)?.send('ice:updated' satisfies IpcEvent, config);
  });
  const handlers = createHandlers({
    settings,
    vault,
    ice,
    app: { version: app.getVersion(), platform: process.platform },
    embeddedSignalingUrl,
  });
  serveRenderer(join(here, '../renderer'), async () =>
    contentSecurityPolicy((await settings.get()).signalingUrl || localUrl(embedded)),
  );
  installSecurityHandlers();
  applyRelayOnly((await settings.get()).relayOnly);
  registerIpc(handlers, ourWindows);
  createMainWindow(join(here, '../preload'));

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(join(here, '../preload'));
  });
  app.on('will-quit', () => {
    ice.stop();
    void embedded.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
