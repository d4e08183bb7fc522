/** The ICE provider for the configured mode, with the secrets it needs read from the vault. */
import type { Settings } from '../../shared/config';
import { CLOUDFLARE_API_BASE, mintCloudflare } from '../../shared/ice/ice-provider-cloudflare';
import { manualIce, manualPasswordName } from '../../shared/ice/ice-provider-manual';
import { fetchServerIce } from '../../shared/ice/ice-provider-server';
import { mintSharedSecret } from '../../shared/ice/ice-provider-shared-secret';
import type { FetchPort, MintedIce } from '../../shared/ice/ice-types';
import type { Vault } from './vault';

export interface MintPorts {
  vault: Pick<Vault, 'get'>;
  fetch?: FetchPort;
  /** The signaling server's HTTP base, asked in server mode when no ICE URL is set. */
  signalingUrl: () => Promise<string>;
  cloudflareApiBase?: string;
}

export interface MintContext {
  now: () => number;
  /** Server mode's bearer token (an invite), when the call has one. */
  invite: string | null;
}

export async function mintIce(settings: Settings, ports: MintPorts, { now, invite }: MintContext): Promise<MintedIce> {
  const { ice } = settings;
  switch (ice.mode) {
    case 'manual':
      return manualIce(ice.servers, (i) => ports.vault.get(manualPasswordName(i)));
    case 'cloudflare':
      return mintCloudflare({
        keyId: ice.cloudflare.tokenId,
        apiToken: (await ports.vault.get('cloudflare-api-token')) ?? '',
        ttlSeconds: ice.ttlSeconds,
        apiBase: ports.cloudflareApiBase ?? CLOUDFLARE_API_BASE,
        now,
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
      });
    case 'shared-secret':
      return mintSharedSecret({
        secret: (await ports.vault.get('turn-shared-secret')) ?? '',
        urls: ice.sharedSecret.urls,
        user: ice.sharedSecret.user,
        ttlSeconds: ice.ttlSeconds,
        now,
      });
    case 'server':
      return fetchServerIce({
        baseUrl: ice.server.url || (await ports.signalingUrl()),
        ...(invite ? { token: invite } : {}),
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
      });
  }
}
