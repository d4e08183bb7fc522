/**
 * Invites: HMAC-SHA256-signed tokens naming one room and an expiry, made by
 * `npm run invite` and checked by the signaling server when AUTH_SECRET is set.
 * WebCrypto only, so the same code runs in Node, the server and the renderer
 * (which only reads an invite to fill in the room; it never holds the secret).
 *
 * Format: `tv1.<base64url(JSON {room, exp})>.<base64url(signature)>`, exp in Unix seconds.
 */
import { z } from 'zod';
import { roomNameSchema } from './signaling';

export const INVITE_VERSION = 'tv1';
/** Shortest AUTH_SECRET accepted: shorter secrets can be guessed offline from one invite. */
export const MIN_SECRET_LENGTH = 32;
/** Longest token anyone needs; anything longer is refused before any crypto runs. */
export const MAX_INVITE_LENGTH = 1024;

export const inviteClaimsSchema = z.object({ room: roomNameSchema, exp: z.number().int().positive() }).strict();
export type InviteClaims = z.infer<typeof inviteClaimsSchema>;

export type InviteProblem = 'missing' | 'malformed' | 'forged' | 'expired' | 'wrong-room';
export type InviteCheck = { ok: true; claims: InviteClaims } | { ok: false; problem: InviteProblem };

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
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
  const claims = inviteClaimsSchema.parse({
    room,
    exp: Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds)),
  });
  const body = `${INVITE_VERSION}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return `${body}.${toBase64Url(signature)}`;
}

/** Splits and decodes a token without checking its signature (the app uses this to fill in the room). */
export function readInvite(token: string): InviteClaims | null {
  const parts = token.length <= MAX_INVITE_LENGTH ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== INVITE_VERSION) return null;
  const json = fromBase64Url(parts[1]!);
  if (!json) return null;
  try {
    const claims = inviteClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(json)));
    return claims.success ? claims.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks signature (constant time, by WebCrypto), expiry and, when given, the room.
 * The signature is checked before the claims are trusted.
 */
export async function verifyInvite(
  key: CryptoKey,
  token: unknown,
  options: { room?: string; nowMs?: number } = {},
): Promise<InviteCheck> {
  if (typeof token !== 'string' || token.trim() === '') return { ok: false, problem: 'missing' };
  const parts = token.trim().split('.');
  if (token.length > MAX_INVITE_LENGTH || parts.length !== 3 || parts[0] !== INVITE_VERSION)
    return { ok: false, problem: 'malformed' };
  const signature = fromBase64Url(parts[2]!);
  if (!signature || signature.length !== 32) return { ok: false, problem: 'malformed' };
  const valid = await crypto.subtle.verify('HMAC', key, signature, encoder.encode(`${parts[0]}.${parts[1]!}`));
  if (!valid) return { ok: false, problem: 'forged' };
  const claims = readInvite(token.trim());
  if (!claims) return { ok: false, problem: 'malformed' };
  if (claims.exp * 1000 <= (options.nowMs ?? Date.now())) return { ok: false, problem: 'expired' };
  if (options.room !== undefined && options.room !== claims.room) return { ok: false, problem: 'wrong-room' };
  return { ok: true, claims };
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
