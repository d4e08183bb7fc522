/**
 * Manual mode: the configured list as is, with each TURN entry's static
 * password looked up in the vault (it is never in the settings file).
 */
import { isTurnUrl, urlList, type IceServerConfig } from '../config';
import { IceError, manualProblems } from './ice-error';
import type { IceServer, MintedIce } from './ice-types';

/** The vault key holding the password of the manual server at `index`. */
export function manualPasswordName(index: number): `manual-turn:${number}` {
  return `manual-turn:${index}`;
}

export async function manualIce(
  servers: readonly IceServerConfig[],
  passwordFor: (index: number) => Promise<string | undefined>,
): Promise<MintedIce> {
  const iceServers: IceServer[] = [];
  for (const [index, server] of servers.entries()) {
    const urls = urlList(server.urls);
    if (!urls.some(isTurnUrl)) {
      iceServers.push({ urls: server.urls });
      continue;
    }
    const credential = await passwordFor(index);
    if (!credential) throw new IceError(manualProblems.missingPassword(urls[0] ?? 'a TURN server'));
    iceServers.push({ urls: server.urls, username: server.username ?? '', credential });
  }
  return { iceServers, ttlSeconds: null, expiresAt: null, source: 'manual' };
}

/** The STUN part of a list: what calls fall back to when a provider fails. */
export function stunOnly(servers: readonly IceServerConfig[]): IceServer[] {
  const stun: IceServer[] = [];
  for (const server of servers) {
    const urls = urlList(server.urls).filter((u) => u.startsWith('stun:'));
    if (urls.length > 0) stun.push({ urls });
  }
  return stun;
}
