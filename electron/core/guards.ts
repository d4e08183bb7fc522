/**
 * Every security decision the main process makes, as pure functions so each
 * can be tested allowing what it should and refusing what it should.
 */
import * as nodePath from 'node:path';
import { PLAIN_HOST } from '../../shared/signaling-url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'traverse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of node:path the app-scheme guard uses; tests pass `path.win32` to check Windows rules on Linux. */
export type PathRules = Pick<typeof nodePath, 'isAbsolute' | 'normalize' | 'relative' | 'resolve' | 'sep'>;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs of our own bundled renderer. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * Maps an app:// request to a file under `root`, or null when the path would
 * leave it. Refused outright, before any path arithmetic: a `..` segment (also
 * percent-encoded), a backslash (a separator on Windows, and never in our
 * asset names), NUL, a drive letter or UNC prefix, and any other host.
 * The final containment check stays as a second line of defence.
 */
export function resolveAppPath(root: string, url: string, path: PathRules = nodePath): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /^\/*[A-Za-z]:/.test(decoded)) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const target = path.resolve(base, path.normalize(relativePath));
  const rel = path.relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return target;
}

/** In-window navigation may only stay inside the app. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Links leave the app for the system browser only when they are plain web links with a host. */
export function isExternalUrlAllowed(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

const ALWAYS_ALLOWED = new Set(['fullscreen', 'notifications']);
/** Camera and microphone ('media'), and a screen or window with its audio ('display-capture', Electron 45+). */
const CAPTURE_PERMISSIONS = new Set(['media', 'display-capture']);
const MEDIA_KINDS = new Set(['video', 'audio']);

export interface PermissionQuery {
  permission: string;
  /** Origin of the frame asking (requestingUrl or requestingOrigin). */
  origin: string;
  /**
   * For 'media' and 'display-capture': which kinds were asked for. A request
   * always names them (an empty list is refused: Electron before 45 sent screen
   * capture as 'media' with none); a check may name none (undefined).
   */
  mediaTypes?: readonly string[];
  /** False when a sub-frame asks; we have none, so a sub-frame asking is refused. */
  isMainFrame?: boolean;
}

/**
 * Camera, microphone and screen capture for our own origin only; fullscreen and
 * notifications; everything else denied. Which screen or window is captured is
 * decided by the display-media handler (core/display-media.ts), never here.
 */
export function isPermissionAllowed(query: PermissionQuery): boolean {
  if (!isAppUrl(query.origin) || query.isMainFrame === false) return false;
  if (ALWAYS_ALLOWED.has(query.permission)) return true;
  if (!CAPTURE_PERMISSIONS.has(query.permission)) return false;
  const kinds = query.mediaTypes;
  if (kinds === undefined) return true;
  return kinds.length > 0 && kinds.every((kind) => MEDIA_KINDS.has(kind));
}

export interface SenderFrame {
  /** The webContents id the message came from. */
  webContentsId: number;
  /** True when the sending frame is the window's top frame. */
  isMainFrame: boolean;
  /** URL of the sending frame. */
  url: string;
}

/** IPC is accepted only from the top frame of a window we created, showing our app. */
export function isTrustedSender(sender: SenderFrame, ourWindows: ReadonlySet<number>): boolean {
  return ourWindows.has(sender.webContentsId) && sender.isMainFrame && isAppUrl(sender.url);
}

/**
 * The sources a signaling URL needs in connect-src: socket.io starts with HTTP
 * long-polling and upgrades to a WebSocket, so both schemes of the same host.
 */
function signalingSources(signalingUrl: string): string[] {
  const parsed = parse(signalingUrl);
  // A wildcard or other CSP syntax in the host would widen the policy; plain names and IP literals only.
  // Settings refuses other hosts with a sentence (shared/signaling-url.ts): one rule for both.
  if (!parsed || !PLAIN_HOST.test(parsed.hostname)) return [];
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  if (!secure && parsed.protocol !== 'http:' && parsed.protocol !== 'ws:') return [];
  return secure ? [`https://${parsed.host}`, `wss://${parsed.host}`] : [`http://${parsed.host}`, `ws://${parsed.host}`];
}

/** The renderer's Content-Security-Policy: scripts only from us, connections only to us and the signaling server. */
export function contentSecurityPolicy(signalingUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src ${["'self'", ...signalingSources(signalingUrl)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The Chromium WebRTC IP handling policies Electron accepts. */
export type WebRtcIpPolicy =
  'default' | 'default_public_interface_only' | 'default_public_and_private_interfaces' | 'disable_non_proxied_udp';

/**
 * Relay-only exists to hide where the user is. 'default_public_interface_only'
 * gathers no host candidates with local (private) addresses yet still lets
 * WebRTC talk UDP on the default route, so TURN over UDP keeps working.
 * 'disable_non_proxied_udp' would also hide them but forbids UDP without a
 * proxy, leaving only TURN over TCP/TLS: slower, and broken for servers that
 * offer only UDP. With relay-only off we keep Chromium's default, because LAN
 * calls through the embedded signaling server need host candidates.
 */
export function webRtcIpPolicy(relayOnly: boolean): WebRtcIpPolicy {
  return relayOnly ? 'default_public_interface_only' : 'default';
}
