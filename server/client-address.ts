/**
 * Which address a request comes from, for per-address limits. Behind a reverse
 * proxy every request arrives from the proxy, which appends the address it saw
 * to X-Forwarded-For; anyone can write that header, so it is believed only from
 * the proxies the operator lists (TRUST_PROXY: addresses or CIDRs), walking it
 * from the right while each hop is one of them.
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** One address (`10.0.0.1`, `::1`) or a CIDR (`10.0.0.0/8`, `fd00::/8`); the reason when it is neither. */
export function proxyEntryProblem(entry: string): string | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) return null;
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry)) return null;
  return `"${entry.slice(0, 60)}" is not an IP address or CIDR (write the proxy's address, e.g. 127.0.0.1, 10.0.0.0/8 or ::1)`;
}

function toRange(entry: string): Range {
  if (entry.includes('/')) {
    const [address, bits] = ipaddr.parseCIDR(entry);
    return [normalize(address), address.kind() === 'ipv6' && normalize(address).kind() === 'ipv4' ? bits - 96 : bits];
  }
  const address = normalize(ipaddr.parse(entry));
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`, how a dual-stack socket reports IPv4) as plain IPv4. */
function normalize(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function parseHop(text: string | undefined): Address | null {
  const trimmed = text?.trim().replace(/^\[|\]$/g, '') ?? '';
  if (!(ipaddr.IPv4.isValidFourPartDecimal(trimmed) || ipaddr.IPv6.isValid(trimmed))) return null;
  return normalize(ipaddr.parse(trimmed));
}

export type AddressOf = (req: IncomingMessage) => string;

/** Resolves a request's client address, believing X-Forwarded-For only from `trustedProxies`. */
export function clientAddressResolver(trustedProxies: readonly string[] = []): AddressOf {
  for (const entry of trustedProxies) {
    const problem = proxyEntryProblem(entry);
    if (problem) throw new Error(`TRUST_PROXY: ${problem}`);
  }
  const ranges = trustedProxies.map(toRange);
  const trusted = (address: Address) =>
    ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  return (req) => {
    let hop = parseHop(req.socket.remoteAddress);
    if (!hop) return req.socket.remoteAddress ?? 'unknown';
    const header = req.headers['x-forwarded-for'];
    const forwarded = ranges.length > 0 && typeof header === 'string' ? header.split(',').slice(-32) : [];
    while (trusted(hop) && forwarded.length > 0) {
      const next = parseHop(forwarded.pop());
      if (!next) break; // garbage left of a trusted hop: the hop that wrote it is the client we know
      hop = next;
    }
    return hop.toString();
  };
}
