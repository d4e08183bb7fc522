/**
 * The addresses of the configured STUN/TURN host names, as the main process resolves them for the
 * connection test (`servers:resolve`, issue 18), and whether this computer has IPv6 to reach them
 * with. The renderer never resolves a name itself: it turns each family into a row of its own.
 */
import { z } from 'zod';
import type { IceServer } from './ice/ice-types';

/** At most this many names are looked up per run (a longer list says nothing more). */
const MAX_RESOLVED_HOSTS = 16;

/** An address as it goes into a URL: digits, dots and colons only (no zone index such as %eth0). */
export const resolvedAddressSchema = z
  .object({
    address: z
      .string()
      .min(2)
      .max(45)
      .regex(/^[0-9A-Fa-f:.]+$/),
    family: z.union([z.literal(4), z.literal(6)]),
  })
  .strict();
export type ResolvedAddress = z.infer<typeof resolvedAddressSchema>;

const hostAddressesSchema = z
  .object({
    /** The name as configured (lower case). */
    host: z.string().min(1).max(253),
    /** In the resolver's order (getaddrinfo sorts by RFC 6724); empty when it failed. */
    addresses: z.array(resolvedAddressSchema).max(32),
    /** Why it did not resolve, in words a person can act on; null when it did. */
    error: z.string().max(500).nullable(),
  })
  .strict();
export type HostAddresses = z.infer<typeof hostAddressesSchema>;

export const serverAddressesSchema = z
  .object({
    /** This computer has an IPv6 address that is neither loopback nor link-local. */
    hasIpv6: z.boolean(),
    hosts: z.array(hostAddressesSchema).max(MAX_RESOLVED_HOSTS),
  })
  .strict();
export type ServerAddresses = z.infer<typeof serverAddressesSchema>;

/** The host part of a stun:/turn:/turns: URL (brackets kept for IPv6), its scheme and the rest. */
export const ICE_URL_PARTS =
  /^(stun|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

/** True for a host that is an IP address already (nothing to resolve). */
export function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || IPV4_LITERAL.test(host);
}

/**
 * The names the connection test asks about: every STUN/TURN URL's host that is not an IP address, once.
 * stun: and turn: rows are split by family; a turns: row says when its name has both (it stays by name).
 */
export function serverHostNames(iceServers: readonly IceServer[]): string[] {
  const names = new Set<string>();
  for (const server of iceServers) {
    for (const url of typeof server.urls === 'string' ? [server.urls] : server.urls) {
      const m = ICE_URL_PARTS.exec(url.trim());
      if (!m || isIpLiteral(m[2]!)) continue;
      names.add(m[2]!.toLowerCase());
    }
  }
  return [...names].slice(0, MAX_RESOLVED_HOSTS);
}

/** The main process's answer for `host` (any case), or null when it has none. */
export function addressesFor(answer: ServerAddresses | null, host: string): HostAddresses | null {
  return answer?.hosts.find((h) => h.host === host.toLowerCase()) ?? null;
}
