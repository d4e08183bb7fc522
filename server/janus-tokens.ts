/**
 * Janus's signed tokens (token_auth = true with token_auth_secret, Janus 1.x auth.c):
 * `<expiry seconds>,<realm>,<descriptor>[,<descriptor>...]:<base64 HMAC-SHA1(secret, data)>`.
 * The core checks realm "janus" with plugin names as descriptors; the VideoRoom checks realm
 * "janus.plugin.videoroom" with `room=<id>` when a room has signed_tokens on.
 */
import { createHmac } from 'node:crypto';
import { VIDEOROOM_PLUGIN } from '../shared/janus';

export function signJanusToken(
  secret: string,
  realm: string,
  descriptors: readonly string[],
  expiresAtSeconds: number,
): string {
  for (const part of [realm, ...descriptors])
    if (part === '' || /[,:]/.test(part))
      throw new Error(`A Janus token part cannot be empty or hold , or : ("${part}")`);
  const data = [String(Math.floor(expiresAtSeconds)), realm, ...descriptors].join(',');
  return `${data}:${createHmac('sha1', secret).update(data).digest('base64')}`;
}

/** A token for Janus's API that may attach only to the VideoRoom plugin. */
export const videoRoomApiToken = (secret: string, expiresAtSeconds: number) =>
  signJanusToken(secret, 'janus', [VIDEOROOM_PLUGIN], expiresAtSeconds);

/** A token the VideoRoom accepts in `join` for this room only (rooms created with signed_tokens). */
export const videoRoomJoinToken = (secret: string, room: number, expiresAtSeconds: number) =>
  signJanusToken(secret, VIDEOROOM_PLUGIN, [`room=${room}`], expiresAtSeconds);
