/**
 * This machine's IPv4 address on the network, for invite links: the first
 * non-internal one, private ranges (home and office networks) first. Takes
 * what os.networkInterfaces() returns, so it is a pure function.
 */
import type { NetworkInterfaceInfo } from 'node:os';

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./];

export function pickLanAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | null {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.'))
    .map((info) => info.address);
  return candidates.find((address) => PRIVATE.some((range) => range.test(address))) ?? candidates[0] ?? null;
}
