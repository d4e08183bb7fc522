/**
 * Invites: JSON Web Tokens (RFC 7519) signed with HS256 and AUTH_SECRET, naming one
 * room (`room`), an expiry (`exp`), when they were made (`iat`) and an id (`jti`).
 * `npm run invite` makes them; an operator's own backend can make them with any JWT
 * library. The signaling server checks them when AUTH_SECRET is set.
 *
 * jose on WebCrypto only, so the same code runs in Node, the server and the renderer
 * (which only reads an invite to fill in the room; it never holds the secret).
 *
 * Every part of a token must be canonical base64url: `atob` (jose's decoder on
 * Node 20) ignores the spare bits of a segment's last character, which would
 * admit four spellings of one signature.
 */
import { base64url, decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { roomNameSchema, SIGNALING_MESSAGES } from './signaling';

export const INVITE_ALGORITHM = 'HS256';
/** The prefix of the invites this app made before JWTs; they are refused with {@link OLD_INVITE_MESSAGE}. */
export const OLD_INVITE_PREFIX = 'tv1.';
export const OLD_INVITE_MESSAGE = SIGNALING_MESSAGES['auth-old-format'];
/** Shortest AUTH_SECRET accepted: shorter secrets can be guessed offline from one invite. */
export const MIN_SECRET_LENGTH = 32;
/** Longest token anyone needs; anything longer is refused before any crypto runs. */
export const MAX_INVITE_LENGTH = 1024;

/** The claims of an invite. Registered claims an operator's JWT library may add are allowed; nothing else. */
export const inviteClaimsSchema = z
  .object({
    room: roomNameSchema,
    exp: z.number().int().positive(),
    iat: z.number().int().nonnegative(),
    jti: z.string().min(1).max(128),
    nbf: z.number().int().nonnegative().optional(),
    iss: z.string().max(256).optional(),
    sub: z.string().max(256).optional(),
    aud: z.union([z.string().max(256), z.array(z.string().max(256)).max(8)]).optional(),
  })
  .strict();
export type InviteClaims = z.infer<typeof inviteClaimsSchema>;

export type InviteProblem = 'missing' | 'malformed' | 'old-format' | 'forged' | 'expired' | 'wrong-room';
export type InviteCheck = { ok: true; claims: InviteClaims } | { ok: false; problem: InviteProblem };

const encoder = new TextEncoder();
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** True for an invite in the format this app used before JWTs (`tv1.…`). */
export function isOldInvite(token: string): boolean {
  return token.trim().startsWith(OLD_INVITE_PREFIX);
}

/** Three segments, each canonical base64url (decoding and encoding again gives the same text). */
function canonicalSegments(token: string): boolean {
  if (token.length > MAX_INVITE_LENGTH) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  return parts.every((part) => {
    if (!SEGMENT.test(part)) return false;
    try {
      return base64url.encode(base64url.decode(part)) === part;
    } catch {
      return false;
    }
  });
}

/** Imports the secret once; servers keep the key and reuse it for every handshake. */
export function inviteKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** Makes an invite for `room` valid for `ttlSeconds` from `nowMs`. */
export async function createInvite(
  key: CryptoKey,
  room: string,
  ttlSeconds: number,
  nowMs = Date.now(),
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const claims = inviteClaimsSchema.parse({
    room,
    iat,
    exp: iat + Math.max(1, Math.floor(ttlSeconds)),
    jti: crypto.randomUUID(),
  });
  return new SignJWT({ room: claims.room })
    .setProtectedHeader({ alg: INVITE_ALGORITHM, typ: 'JWT' })
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .setJti(claims.jti)
    .sign(key);
}

/** Decodes a token's claims without checking its signature (the app uses this to fill in the room). */
export function readInvite(token: string): InviteClaims | null {
  if (!canonicalSegments(token)) return null;
  try {
    if (decodeProtectedHeader(token).alg !== INVITE_ALGORITHM) return null;
    const claims = inviteClaimsSchema.safeParse(decodeJwt(token));
    return claims.success ? claims.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks the signature (HS256 only, constant time by WebCrypto), expiry and, when
 * given, the room. The signature is checked before the claims are trusted.
 */
export async function verifyInvite(
  key: CryptoKey,
  token: unknown,
  options: { room?: string; nowMs?: number } = {},
): Promise<InviteCheck> {
  if (typeof token !== 'string' || token.trim() === '') return { ok: false, problem: 'missing' };
  const text = token.trim();
  if (isOldInvite(text)) return { ok: false, problem: 'old-format' };
  if (!canonicalSegments(text)) return { ok: false, problem: 'malformed' };
  const nowSeconds = Math.floor((options.nowMs ?? Date.now()) / 1000);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(text, key, {
      algorithms: [INVITE_ALGORITHM],
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp', 'iat', 'jti'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, problem: 'expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, problem: 'forged' };
    return { ok: false, problem: 'malformed' };
  }
  const claims = inviteClaimsSchema.safeParse(payload);
  if (!claims.success) return { ok: false, problem: 'malformed' };
  // jose already refused a past exp; checked again here so the rule is in one readable place.
  if (claims.data.exp <= nowSeconds) return { ok: false, problem: 'expired' };
  if (options.room !== undefined && options.room !== claims.data.room) return { ok: false, problem: 'wrong-room' };
  return { ok: true, claims: claims.data };
}

/**
 * Finds an invite in what a person pasted: a bare token, or any link carrying
 * it as `invite=` in its query or fragment (traverse:join?invite=…, https://…#invite=…).
 */
export function extractInvite(pasted: string): string | null {
  const text = pasted.trim();
  if (readInvite(text)) return text;
  const match = /[?#&]invite=([A-Za-z0-9_.-]+)/.exec(text);
  const token = match?.[1];
  return token !== undefined && readInvite(token) ? token : null;
}

/** True when what a person pasted carries an invite in the old `tv1.` format (to tell them why it is refused). */
export function pastedOldInvite(pasted: string): boolean {
  const text = pasted.trim();
  const match = /[?#&]invite=([A-Za-z0-9_.-]+)/.exec(text);
  return isOldInvite(match?.[1] ?? text);
}
