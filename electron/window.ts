/**
 * The main window and everything that keeps it safe: sandboxed renderer,
 * no Node, navigation pinned to our scheme, new windows refused, links opened
 * externally only when they are plain web links, and a permission allowlist.
 */
import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, isExternalUrlAllowed, isNavigationAllowed, isPermissionAllowed } from './core/guards';

/** Ids of webContents we created; IPC from anything else is dropped. */
export const ourWindows = new Set<number>();

export function installPermissionHandlers(): void {
  const ses = session.defaultSession;
  // Without a request handler Electron approves every permission; without a check handler, every check.
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionAllowed({ permission, origin: details.requestingUrl, mediaTypes }));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed({ permission, origin: requestingOrigin }),
  );
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
      preload: join(preloadDir, 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  ourWindows.add(id);
  win.on('closed', () => ourWindows.delete(id));
  win.once('ready-to-show', () => win.show());

  win.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
