/** App lifecycle: wires Electron's ports to the core and opens the window. Nothing else. */
import { app, BrowserWindow, net, powerMonitor, safeStorage, webContents } from 'electron';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { protocolClientArgs } from './core/deep-link';
import { createLinkInbox, wireDeepLinks } from './core/deep-link-router';
import { createEmbeddedHosting } from './core/embedded-hosting';
import { createGuestServer } from './core/guest-server';
import { APP_ORIGIN, contentSecurityPolicy } from './core/guards';
import { pickLanAddress } from './core/lan-address';
import { defaultRouteReader } from './core/network-route';
import { linuxNetworkEvents } from './core/network-events';
import { startNetworkWatch } from './core/network-watch';
import { fileCredentialMover } from './core/settings-credentials';
import { createHandlers, signalingUrlFor } from './core/handlers';
import { createIceService } from './core/ice';
import { createSettingsStore } from './core/settings';
import { createVault, type SecretStoragePort } from './core/vault';
import type { IpcEvent, IpcEventPayload } from '../shared/ipc';
import { watchSettings } from './core/settings-watch';
import { installDesktop, type Desktop } from './desktop-ports';
import { startEmbeddedServer } from './embedded-server';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { applyRelayOnly, createMainWindow, focusMainWindow, installSecurityHandlers, ourWindows } from './window';

const here = fileURLToPath(new URL('.', import.meta.url));
const preloadDir = join(here, '../preload');

/** A push to every window we created. */
function sendToWindows<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): boolean {
  let sent = false;
  for (const id of ourWindows) {
    const contents = webContents.fromId(id);
    if (contents) {
      contents.send(event, payload);
      sent = true;
    }
  }
  return sent;
}

// traverse: links. The inbox exists before the window so a link given at launch (or by
// macOS open-url before ready) waits for the page instead of being lost.
const linkLog = (message: string) => console.log(`[links] ${message}`);
// An invite link may name the server to join through (`server=`): held for this run only.
const guestServer = createGuestServer();
const links = createLinkInbox({
  send: (link) => sendToWindows('link:invite', link),
  log: linkLog,
  onLink: (link) => guestServer.set(link.server ?? null),
});
/** True once startup has opened the first window; before that a link only waits. */
let windowsOpen = false;
/** Screen picker, notifications and the display-sleep blocker; set once the app is ready. */
let desktop: Desktop | null = null;

/** The main window, with the link inbox told whenever its page goes away (it asks again once loaded). */
function openWindow(): void {
  const win = createMainWindow(preloadDir);
  // The page going away also ends its call: a waiting screen pick is refused, the display may sleep.
  const gone = () => {
    links.rendererGone();
    desktop?.pageGone();
  };
  win.webContents.on('did-start-loading', gone);
  win.webContents.on('render-process-gone', gone);
  win.on('closed', gone);
}

const primary = wireDeepLinks(
  {
    requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
    registerProtocolClient: () => {
      const client = protocolClientArgs(process, (path) => resolve(path));
      // Passed only when set: an explicit undefined is not the same as leaving them out.
      // electronegativity-ok: PROTOCOL_HANDLER_JS_CHECK traverse: links only reach core/deep-link.ts, which accepts join + a zod-checked invite (and an http(s) server) and nothing else
      if (client.path) return app.setAsDefaultProtocolClient(client.scheme, client.path, client.args);
      // electronegativity-ok: PROTOCOL_HANDLER_JS_CHECK as above: the same scheme, registered for a packaged app
      return app.setAsDefaultProtocolClient(client.scheme);
    },
    onSecondInstance: (listener) => app.on('second-instance', (_event, argv) => listener(argv)),
    onOpenUrl: (listener) =>
      app.on('open-url', (event, url) => {
        event.preventDefault();
        listener(url);
      }),
    focusWindow: () => {
      if (!focusMainWindow() && windowsOpen) openWindow();
    },
  },
  links,
  process.argv,
  linkLog,
);

// A second launch hands its link to the running instance (second-instance) and quits.
if (primary) start();
else app.quit();

/** Electron's safeStorage as the vault's port: the OS keychain/DPAPI/libsecret does the encryption. */
function safeStoragePort(): SecretStoragePort {
  return {
    isAsyncEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    encryptStringAsync: (plain) => safeStorage.encryptStringAsync(plain),
    decryptStringAsync: (data) => safeStorage.decryptStringAsync(Buffer.from(data)),
    backend: () =>
      process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : `${process.platform}_keychain`,
  };
}

/** The main process's core under `userData`: the vault, the settings, the server this app hosts and ICE. */
async function openCore(userData: string) {
  const vault = createVault({
    dir: userData,
    storage: safeStoragePort(),
    acceptsWeakStorage: async () => (await settings.get()).acceptWeakSecretStorage,
    log: (m) => console.warn(m),
  });
  // The signaling server this app hosts: only with no signaling URL, on 127.0.0.1 unless
  // "Host calls on this network" is on (then invites required). It follows every settings change.
  const hosting = createEmbeddedHosting({
    start: startEmbeddedServer,
    vault,
    lanAddress: () => pickLanAddress(networkInterfaces()),
    appOrigin: APP_ORIGIN,
    log: (m) => console.log(`[hosting] ${m}`),
  });
  const embeddedSignalingUrl = () => hosting.localUrl();
  // A TURN password typed into settings.json by hand moves into the vault; the person is told.
  const notices: string[] = [];
  const fileOptions = { moveCredentials: fileCredentialMover(vault), notice: (n: string) => notices.push(n) };
  // Relay-only also changes what WebRTC may reveal, so the window follows every settings read and write.
  const settings = watchSettings(
    createSettingsStore(userData, (m) => console.warn(m), undefined, fileOptions),
    (s) => {
      applyRelayOnly(s.relayOnly);
      hosting.follow(s).catch((error: unknown) => console.warn(`[hosting] ${String(error)}`));
    },
  );
  await hosting.follow(await settings.get());
  const ice = createIceService({
    settings,
    vault,
    signalingUrl: () => signalingUrlFor({ settings, embeddedSignalingUrl, guestServer }),
    log: (m) => console.log(m),
  });
  // Fresh credentials go to every window we created (live calls apply them).
  ice.onUpdate((config) => sendToWindows('ice:updated', config));
  return { vault, hosting, embeddedSignalingUrl, settings, notices, ice };
}

/** Everything else, only in the instance that holds the lock. */
function start(): void {
  // Every renderer sandboxed, including any we did not ask for.
  app.enableSandbox();
  registerAppScheme();

  void app.whenReady().then(async () => {
    const { vault, hosting, embeddedSignalingUrl, settings, notices, ice } = await openCore(app.getPath('userData'));
    desktop = installDesktop({
      ourWindows,
      focusWindow: () => void focusMainWindow(),
      log: (m) => console.log(`[desktop] ${m}`),
    });
    const handlers = createHandlers({
      settings,
      vault,
      ice,
      app: { version: app.getVersion(), platform: process.platform },
      embeddedSignalingUrl,
      links,
      hosting,
      guestServer,
      notices: () => notices,
      screenPicker: desktop.picker,
      notifier: desktop.notifier,
      keepAwake: desktop.keepAwake,
    });
    serveRenderer(join(here, '../renderer'), async () =>
      contentSecurityPolicy(await signalingUrlFor({ settings, embeddedSignalingUrl, guestServer })),
    );
    installSecurityHandlers();
    applyRelayOnly((await settings.get()).relayOnly);
    registerIpc(handlers, ourWindows);
    // Interfaces and the default route, told to live calls; waking up or going online looks at once.
    const network = startNetworkWatch({
      interfaces: () => networkInterfaces(),
      defaultRoute: defaultRouteReader(),
      events: linuxNetworkEvents,
      online: () => net.isOnline(),
      send: (change) => sendToWindows('network:changed', change),
      log: (m) => console.log(`[network] ${m}`),
    });
    powerMonitor.on('resume', () => void network.poke('resume'));
    openWindow();
    windowsOpen = true;

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    app.on('will-quit', () => {
      ice.stop();
      network.stop();
      void hosting.stop();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
