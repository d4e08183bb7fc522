/**
 * `traverse:` links, as the operating system hands them to the app: which
 * argument is one, what it asks for, and how to say why one was ignored
 * without writing its invite (a credential) into a log.
 *
 * Only `traverse:join?invite=<token>` (or `traverse://join?invite=…`) means
 * anything, optionally with `&server=<http(s) origin>`, the server the invite is for.
 * The token is a JWT (shared/invite.ts); its claims are decoded (jose's decodeJwt,
 * in readInvite), never trusted: the main process holds no secret, so the
 * signaling server is what checks the signature.
 */
import { isOldInvite, MAX_INVITE_LENGTH, readInvite } from '../../shared/invite';
import { inviteLinkSchema, linkServerSchema, type InviteLink } from '../../shared/ipc';

export const LINK_SCHEME = 'traverse';
/** Longest link considered at all: an invite plus its query, with room to spare. */
export const MAX_LINK_LENGTH = MAX_INVITE_LENGTH + 256;

export type DeepLinkResult = { ok: true; link: InviteLink } | { ok: false; reason: string };

const ACTION = /^[a-z][a-z-]{0,31}$/;

/** Anything after `invite=` (and any bare JWT or old tv1 token) replaced, so a log line never carries a credential. */
export function maskInviteLink(text: string): string {
  const masked = text
    .slice(0, 200)
    .replace(/(invite=)[^&#\s]*/gi, (_m, key: string) => `${key}…`)
    .replace(/eyJ[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){0,2}/g, 'eyJ…')
    .replace(/tv1\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g, 'tv1.…');
  return masked.length > 80 ? `${masked.slice(0, 80)}…` : masked;
}

/** The first argument that is a `traverse:` link (argv of a launch or of a second instance). */
export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.slice(0, LINK_SCHEME.length + 1).toLowerCase() === `${LINK_SCHEME}:`) ?? null;
}

/** What the link asks for: `join` in both `traverse:join` and `traverse://join/`. */
function actionOf(url: URL): string {
  const path = url.host !== '' ? url.host : url.pathname;
  return path.replace(/^\/+|\/+$/g, '').toLowerCase();
}

/** Parses one link; anything but a well-formed join with an invite is refused with a reason that is safe to log. */
export function parseDeepLink(raw: unknown): DeepLinkResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'not text' };
  const text = raw.trim();
  if (text.length > MAX_LINK_LENGTH)
    return { ok: false, reason: `too long (${text.length} characters, limit ${MAX_LINK_LENGTH})` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== `${LINK_SCHEME}:`) return { ok: false, reason: `not a ${LINK_SCHEME}: link` };
  const action = actionOf(url);
  if (action !== 'join') {
    return {
      ok: false,
      reason: ACTION.test(action) ? `unknown action "${action}" (only "join")` : 'unknown action (only "join")',
    };
  }
  const invites = url.searchParams.getAll('invite');
  if (invites.length === 0) return { ok: false, reason: 'no invite in the link' };
  if (invites.length > 1) return { ok: false, reason: 'more than one invite in the link' };
  const invite = invites[0]!;
  if (isOldInvite(invite))
    return { ok: false, reason: 'the invite uses an old format (tv1); ask for a new invite link' };
  const server = linkServer(url);
  if (!server.ok) return server;
  const claims = inviteLinkSchema.safeParse({ invite, room: readInvite(invite)?.room ?? '', ...server.value });
  if (!claims.success)
    return { ok: false, reason: `the invite is not a valid Traverse invite (${invite.length} characters)` };
  return { ok: true, link: claims.data };
}

/** The optional `server=` of a link (the host's signaling server): one http(s) origin, or none. */
function linkServer(url: URL): { ok: true; value: { server?: string } } | { ok: false; reason: string } {
  const servers = url.searchParams.getAll('server');
  if (servers.length === 0) return { ok: true, value: {} };
  if (servers.length > 1) return { ok: false, reason: 'more than one server in the link' };
  const parsed = linkServerSchema.safeParse(servers[0]);
  if (!parsed.success) return { ok: false, reason: 'the server in the link is not an http(s) address' };
  return { ok: true, value: { server: new URL(parsed.data).origin } };
}

/**
 * The arguments for `app.setAsDefaultProtocolClient`. A packaged app registers
 * itself; in development (`electron .`, process.defaultApp) the OS must start
 * the Electron binary with the app's path, or the link would open a bare Electron.
 */
export function protocolClientArgs(
  proc: { defaultApp?: boolean; execPath: string; argv: readonly string[] },
  resolvePath: (path: string) => string,
): { scheme: string; path?: string; args?: string[] } {
  const script = proc.argv[1];
  if (proc.defaultApp && script !== undefined)
    return { scheme: LINK_SCHEME, path: proc.execPath, args: [resolvePath(script)] };
  return { scheme: LINK_SCHEME };
}
