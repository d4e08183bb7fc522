/**
 * Who may use the server. With AUTH_SECRET, joining (socket handshake `auth.token`)
 * and GET /ice (`Authorization: Bearer <token>`) need an invite: a JWT signed
 * with that secret (shared/invite.ts); without it rooms are open (LAN, embedded server).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inviteKey, verifyInvite, type InviteClaims, type InviteProblem } from '../shared/invite';
import { SIGNALING_MESSAGES, type AuthMode, type SignalingError, type SignalingErrorCode } from '../shared/signaling';

export type AuthCheck = { ok: true; claims: InviteClaims | null } | { ok: false; error: SignalingError };

export interface ServerAuth {
  mode: AuthMode;
  /** Checks a token from a handshake or a bearer header; `room`, when given, must be the invite's room. */
  check(token: unknown, room?: string): Promise<AuthCheck>;
}

const CODE_FOR: Record<InviteProblem, SignalingErrorCode> = {
  missing: 'auth-required',
  malformed: 'auth-invalid',
  'old-format': 'auth-old-format',
  forged: 'auth-invalid',
  expired: 'auth-expired',
  'wrong-room': 'auth-wrong-room',
};

export function authError(code: SignalingErrorCode): SignalingError {
  return { code, message: SIGNALING_MESSAGES[code] };
}

/** The bearer token of a request, or undefined when there is none. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Open rooms: every check passes. */
export const openAuth: ServerAuth = {
  mode: 'open',
  check: () => Promise.resolve({ ok: true, claims: null }),
};

/** `secret` undefined or empty means open rooms. */
export async function createAuth(secret: string | undefined, now: () => number = Date.now): Promise<ServerAuth> {
  if (!secret) return openAuth;
  const key = await inviteKey(secret);
  const check = async (token: unknown, room?: string): Promise<AuthCheck> => {
    const result = await verifyInvite(key, token, { room, nowMs: now() });
    return result.ok ? result : { ok: false, error: authError(CODE_FOR[result.problem]) };
  };
  return { mode: 'invite', check };
}

/** Answers a refused HTTP request: 401 with the reason as JSON, as RFC 6750 describes. */
export function refuseHttp(res: ServerResponse, error: SignalingError): void {
  const oauthError = error.code === 'auth-required' ? '' : ', error="invalid_token"';
  res.writeHead(401, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'www-authenticate': `Bearer realm="traverse"${oauthError}`,
  });
  res.end(JSON.stringify({ ok: false, error }));
}

// The running server's auth, found from its io instance so shared HTTP code
// (handleHttp, used by hosts that own the HTTP server) needs no extra argument.
const byServer = new WeakMap<object, ServerAuth>();

export function registerAuth(io: object, auth: ServerAuth): void {
  byServer.set(io, auth);
}

/** The auth of the server that owns `io`; open when none was registered. */
export function authOf(io: object): ServerAuth {
  return byServer.get(io) ?? openAuth;
}
