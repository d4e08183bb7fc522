/**
 * The main window and everything that keeps it safe: sandboxed renderer
 * without Node, every webContents pinned to our scheme, new windows refused,
 * links opened externally only when they are plain web links, a permission
 * allowlist, and relay-only hiding local addresses. The decisions live in
 * core/guards.ts and core/session-security.ts; this file only plugs them in.
 */
import { app, BrowserWindow, session, shell, systemPreferences, type WebContents } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, webRtcIpPolicy, type WebRtcIpPolicy } from './core/guards';
import { installContentsGuards, installPermissionHandlers, type MediaAccessKind } from './core/session-security';

/** Ids of webContents we created; IPC from anything else is dropped. */
export const ourWindows = new Set<number>();

const log = (message: string) => console.warn(`[security] ${message}`);
let ipPolicy: WebRtcIpPolicy = webRtcIpPolicy(false);

/** Must run before the first window: guards every webContents, including ones we did not ask for. */
export function installSecurityHandlers(): void {
  const askMediaAccess =
    process.platform === 'darwin' ? (kind: MediaAccessKind) => systemPreferences.askForMediaAccess(kind) : undefined;
  // Permissions only for the windows we created, never another webContents showing our origin.
  const isOurContents = (contents: { id: number } | null) => contents !== null && ourWindows.has(contents.id);
  installPermissionHandlers(session.defaultSession, { askMediaAccess, isOurContents, log });
  app.on('web-contents-created', (_event, contents) => {
    // electronegativity-ok: OPEN_EXTERNAL_JS_CHECK installContentsGuards passes only parsed http(s) URLs with a host (isExternalUrlAllowed)
    installContentsGuards(contents, { openExternal: (url) => shell.openExternal(url), log });
  });
}

/** Follows the relay-only setting: with it on, WebRTC stops exposing local addresses in every window. */
export function applyRelayOnly(relayOnly: boolean): void {
  const next = webRtcIpPolicy(relayOnly);
  if (next === ipPolicy) return;
  ipPolicy = next;
  for (const win of BrowserWindow.getAllWindows()) applyIpPolicy(win.webContents);
}

function applyIpPolicy(contents: WebContents): void {
  if (ourWindows.has(contents.id)) contents.setWebRTCIPHandlingPolicy(ipPolicy);
}

/**
 * Brings our window to the front (a second launch, an invite link): restored if
 * minimised, shown if hidden. False when there is none to show.
 */
export function focusMainWindow(): boolean {
  const win = BrowserWindow.getAllWindows().find((w) => ourWindows.has(w.webContents.id));
  if (!win) return false;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  return true;
}

export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    title: 'Traverse',
    backgroundColor: '#101418',
    show: false,
    webPreferences: {
      // electronegativity-ok: PRELOAD_JS_CHECK the sandboxed preload exposes only named methods via contextBridge; main checks sender and payload
      preload: join(preloadDir, 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise ask for a new window; the open handler denies it anyway.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  ourWindows.add(id);
  win.on('closed', () => ourWindows.delete(id));
  win.once('ready-to-show', () => win.show());
  applyIpPolicy(win.webContents);

  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
