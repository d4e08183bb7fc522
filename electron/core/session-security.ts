/**
 * Installs the security handlers on Electron objects passed in as ports, so
 * the wiring itself (which handler goes on which event, what it answers) runs
 * and is tested in plain Node with recording fakes.
 */
import { isExternalUrlAllowed, isNavigationAllowed, isPermissionAllowed } from './guards';

/** The part of a permission request we read (Electron's PermissionRequest and MediaAccessPermissionRequest). */
export interface PermissionRequestDetails {
  requestingUrl: string;
  isMainFrame: boolean;
  mediaTypes?: readonly string[];
}

/** The part of a permission check we read (Electron's PermissionCheckHandlerHandlerDetails). */
export interface PermissionCheckDetails {
  isMainFrame: boolean;
  mediaType?: string;
}

/** The part of a webContents the permission handlers read. */
export interface PermissionContents {
  id: number;
}

/** The slice of Electron's Session whose defaults are unsafe: without handlers it grants everything. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: PermissionContents,
      permission: string,
      callback: (granted: boolean) => void,
      details: PermissionRequestDetails,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: PermissionContents | null,
      permission: string,
      requestingOrigin: string,
      details: PermissionCheckDetails,
    ) => boolean,
  ): void;
  /** HID, serial and USB device access: a calling app needs none. */
  setDevicePermissionHandler(handler: () => boolean): void;
}

export type MediaAccessKind = 'camera' | 'microphone';

export interface PermissionPorts {
  /**
   * macOS only (systemPreferences.askForMediaAccess): the OS asks the person,
   * with the usage strings from Info.plist. Omit elsewhere.
   */
  askMediaAccess?: (kind: MediaAccessKind) => Promise<boolean>;
  /**
   * True for the webContents of a window we created (window.ts's `ourWindows`):
   * every permission is refused to any other, even one showing our origin.
   * Without it, only the origin and frame are checked.
   */
  isOurContents?: (contents: PermissionContents | null) => boolean;
  log?: (message: string) => void;
}

/** Requests that must name the media kinds they ask for. */
const CAPTURE_REQUESTS = new Set(['media', 'display-capture']);

/** Media kinds in a request, as the OS names them; unknown kinds come back as null. */
function osKinds(mediaTypes: readonly string[]): MediaAccessKind[] {
  return mediaTypes.flatMap((type): MediaAccessKind[] =>
    type === 'video' ? ['camera'] : type === 'audio' ? ['microphone'] : [],
  );
}

export function installPermissionHandlers(session: PermissionSession, ports: PermissionPorts = {}): void {
  const log = ports.log ?? (() => {});
  const ours = ports.isOurContents ?? (() => true);
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const query = {
      permission,
      origin: details.requestingUrl,
      // A request names its kinds; one naming none is refused (see isPermissionAllowed).
      mediaTypes: CAPTURE_REQUESTS.has(permission) ? (details.mediaTypes ?? []) : details.mediaTypes,
      isMainFrame: details.isMainFrame,
    };
    if (!ours(webContents) || !isPermissionAllowed(query)) {
      log(`Denied permission "${permission}" requested by ${details.requestingUrl}`);
      callback(false);
      return;
    }
    const ask = ports.askMediaAccess;
    if (permission !== 'media' || !ask) {
      callback(true);
      return;
    }
    // The OS has the final word on camera and microphone; a refusal there is a refusal here.
    Promise.all(osKinds(details.mediaTypes ?? []).map((kind) => ask(kind)))
      .then((answers) => callback(answers.every(Boolean)))
      .catch(() => callback(false));
  });
  session.setPermissionCheckHandler((webContents, permission, requestingOrigin, details) => {
    const mediaTypes = details.mediaType === 'video' || details.mediaType === 'audio' ? [details.mediaType] : undefined;
    const query = { permission, origin: requestingOrigin, mediaTypes, isMainFrame: details.isMainFrame };
    return ours(webContents) && isPermissionAllowed(query);
  });
  session.setDevicePermissionHandler(() => false);
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** Electron's setWindowOpenHandler answer; we only ever deny. */
export interface DenyWindow {
  action: 'deny';
}

/** The slice of Electron's WebContents whose events can take the renderer somewhere else. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => DenyWindow): void;
}

export interface ContentsPorts {
  /** shell.openExternal: hands a web link to the system browser. */
  openExternal: (url: string) => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Pins a webContents to our scheme: navigation and redirects elsewhere are
 * cancelled, <webview> is refused, and every new window is denied; a plain
 * http(s) link asked to open in one goes to the system browser instead.
 */
export function installContentsGuards(contents: GuardedContents, ports: ContentsPorts): void {
  const log = ports.log ?? (() => {});
  const pin = (event: PreventableEvent, url: string) => {
    if (isNavigationAllowed(url)) return;
    event.preventDefault();
    log(`Blocked navigation to ${url}`);
  };
  contents.on('will-navigate', pin);
  contents.on('will-redirect', pin);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) {
      // electronegativity-ok: OPEN_EXTERNAL_JS_CHECK guarded by isExternalUrlAllowed on the line above: parsed, http or https, with a host
      ports.openExternal(url).catch(() => log(`The system browser did not open ${url}`));
    } else {
      log(`Refused to open ${url}: only http and https links open outside the app`);
    }
    return { action: 'deny' };
  });
}
