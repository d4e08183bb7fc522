/**
 * TURN REST credentials (coturn `use-auth-secret`, eturnal `secret`): the
 * username carries its own expiry and the password is an HMAC of it, so the
 * TURN server can check them without a database. WebCrypto only.
 */
import { IceError, sharedSecretProblems } from './ice-error';
import type { MintedIce } from './ice-types';

export interface SharedSecretRequest {
  secret: string;
  urls: readonly string[];
  /** The user part of `expiry:user`; coturn logs it, nothing checks it. */
  user: string;
  ttlSeconds: number;
  now?: () => number;
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** base64(HMAC-SHA1(secret, username)), the TURN REST password. */
export async function turnRestPassword(secret: string, username: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  return base64(await crypto.subtle.sign('HMAC', key, encoder.encode(username)));
}

export async function mintSharedSecret(request: SharedSecretRequest): Promise<MintedIce> {
  if (!request.secret) throw new IceError(sharedSecretProblems.missingSecret());
  if (request.urls.length === 0) throw new IceError(sharedSecretProblems.missingUrls());
  const now = (request.now ?? Date.now)();
  const expiry = Math.floor(now / 1000) + request.ttlSeconds;
  const username = request.user ? `${expiry}:${request.user}` : String(expiry);
  const credential = await turnRestPassword(request.secret, username);
  return {
    iceServers: [{ urls: [...request.urls], username, credential }],
    ttlSeconds: request.ttlSeconds,
    expiresAt: expiry * 1000,
    source: 'shared-secret',
  };
}
