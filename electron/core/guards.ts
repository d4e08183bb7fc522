/**
 * Every security decision the main process makes, as pure functions so each
 * can be tested allowing what it should and refusing what it should.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'traverse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

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
 * leave it (`..`, encoded `..`, absolute paths, another host).
 */
export function resolveAppPath(root: string, url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const target = resolve(base, `.${normalize(path)}`);
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return target;
}

/** In-window navigation may only stay inside the app. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** Links leave the app for the system browser only when they are plain web links. */
export function isExternalUrlAllowed(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

const ALWAYS_ALLOWED = new Set(['fullscreen', 'notifications']);

export interface PermissionQuery {
  permission: string;
  /** Origin of the frame asking (requestingUrl or requestingOrigin). */
  origin: string;
  /** For 'media' requests: which kinds were asked for. */
  mediaTypes?: readonly string[];
}

/** Camera and microphone for our own origin only; a few harmless extras; everything else denied. */
export function isPermissionAllowed(query: PermissionQuery): boolean {
  if (!isAppUrl(query.origin)) return false;
  if (ALWAYS_ALLOWED.has(query.permission)) return true;
  if (query.permission !== 'media') return false;
  const kinds = query.mediaTypes ?? [];
  return kinds.every((kind) => kind === 'video' || kind === 'audio');
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

/** The renderer's Content-Security-Policy: scripts only from us, connections only to us and the signaling server. */
export function contentSecurityPolicy(signalingUrl: string): string {
  const connect = ["'self'"];
  const parsed = parse(signalingUrl);
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
    const ws = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
    connect.push(parsed.origin, `${ws}//${parsed.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
