/**
 * `servers:resolve` (issue 18): the IPv4 and IPv6 addresses of every configured STUN/TURN host name,
 * as this computer's resolver answers (dns.lookup: getaddrinfo, /etc/hosts included, as Chromium
 * resolves), and whether this computer has an IPv6 address to reach them with.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { IceServer } from '../../shared/ice/ice-types';
import { errorMessage } from '../../shared/error-message';
import {
  resolvedAddressSchema,
  serverHostNames,
  type HostAddresses,
  type ResolvedAddress,
  type ServerAddresses,
} from '../../shared/server-addresses';

/** How long one name may take: the test's rows wait for it (then the URL is tested as written). */
const RESOLVE_TIMEOUT_MS = 3_000;

export interface ServerAddressOptions {
  /** Name to every address; dns.lookup(host, { all: true }) by default. */
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** This computer's interfaces; os.networkInterfaces() by default. */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  timeoutMs?: number;
}

const defaultLookup = (host: string) => dnsLookup(host, { all: true });

/** An IPv6 address other than loopback (internal) and link-local (fe80::/10, which no server is reached by). */
export function hasOwnIpv6(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): boolean {
  return Object.values(interfaces)
    .flat()
    .some((info) => info !== undefined && info.family === 'IPv6' && !info.internal && !/^fe[89ab]/i.test(info.address));
}

/** Why a name did not resolve, with what to do about it. */
function lookupWords(host: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND' || code === 'ENODATA')
    return `${host} did not resolve (${code}): neither DNS nor /etc/hosts knows the name; check its spelling in the URL`;
  if (code === 'EAI_AGAIN')
    return `${host} did not resolve (EAI_AGAIN): this computer's DNS server did not answer; check the network connection and DNS settings`;
  return `${host} did not resolve: ${errorMessage(error)}`;
}

async function resolveOne(
  host: string,
  lookup: NonNullable<ServerAddressOptions['lookup']>,
  timeoutMs: number,
): Promise<HostAddresses> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    // getaddrinfo cannot be cancelled: a late answer is simply not waited for.
    const answer = await Promise.race([lookup(host), late]);
    if (answer === 'late')
      return {
        host,
        addresses: [],
        error: `${host} did not resolve within ${timeoutMs / 1000} s: this computer's DNS server is slow or unreachable; check the network connection, or put the server's IP address in the URL`,
      };
    const seen = new Set<string>();
    const addresses: ResolvedAddress[] = [];
    for (const { address, family } of answer) {
      // A link-local address with its zone (fe80::1%eth0) reaches no server: left out, not refused.
      const parsed = resolvedAddressSchema.safeParse({ address, family });
      if (!parsed.success || seen.has(address)) continue;
      seen.add(address);
      addresses.push(parsed.data);
    }
    return { host, addresses: addresses.slice(0, 32), error: null };
  } catch (error) {
    return { host, addresses: [], error: lookupWords(host, error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Every configured name, looked up at once; a name that fails says why instead of failing the answer. */
export async function resolveServerAddresses(
  iceServers: readonly IceServer[],
  options: ServerAddressOptions = {},
): Promise<ServerAddresses> {
  const lookup = options.lookup ?? defaultLookup;
  const timeoutMs = options.timeoutMs ?? RESOLVE_TIMEOUT_MS;
  const hosts = await Promise.all(serverHostNames(iceServers).map((host) => resolveOne(host, lookup, timeoutMs)));
  return { hasIpv6: hasOwnIpv6((options.interfaces ?? networkInterfaces)()), hosts };
}
