/**
 * Mints fresh ICE credentials per request from the server's own secrets:
 * shared-secret (coturn/eturnal TURN REST) or Cloudflare, plus the STUN list.
 */
import { mintCloudflare } from '../shared/ice/ice-provider-cloudflare';
import { mintSharedSecret } from '../shared/ice/ice-provider-shared-secret';
import type { FetchPort, IceResponse } from '../shared/ice/ice-types';
import type { IceEnv } from './ice-env';

export interface IceMinter {
  mode: IceEnv['ICE_MODE'];
  /** Throws IceError with what/cause/fix when the provider fails. */
  mint(user?: string): Promise<IceResponse>;
}

export interface MinterDeps {
  fetch?: FetchPort;
  now?: () => number;
}

export function createIceMinter(env: IceEnv, deps: MinterDeps = {}): IceMinter {
  const now = deps.now ?? Date.now;
  const stun = env.STUN_URLS.length > 0 ? [{ urls: env.STUN_URLS }] : [];
  return {
    mode: env.ICE_MODE,
    async mint(user = 'traverse') {
      const ttlSeconds = env.ICE_TTL;
      switch (env.ICE_MODE) {
        case 'manual':
          return { iceServers: stun, ttlSeconds, expiresAt: now() + ttlSeconds * 1000, source: 'manual' };
        case 'shared-secret': {
          const minted = await mintSharedSecret({
            secret: env.TURN_SECRET ?? '',
            urls: env.TURN_URLS,
            user,
            ttlSeconds,
            now,
          });
          return {
            iceServers: [...stun, ...minted.iceServers],
            ttlSeconds,
            expiresAt: minted.expiresAt ?? now(),
            source: 'shared-secret',
          };
        }
        case 'cloudflare': {
          const minted = await mintCloudflare({
            keyId: env.CLOUDFLARE_TURN_KEY_ID ?? '',
            apiToken: env.CLOUDFLARE_TURN_API_TOKEN ?? '',
            ttlSeconds,
            apiBase: env.CLOUDFLARE_API_BASE,
            now,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
          });
          return {
            iceServers: minted.iceServers,
            ttlSeconds,
            expiresAt: minted.expiresAt ?? now(),
            source: 'cloudflare',
          };
        }
      }
    },
  };
}
