/**
 * What changed between two looks at the OS's interfaces: the addresses that
 * appeared and the ones that went away. Takes what os.networkInterfaces()
 * returns, so it is pure and tested with real data of that shape.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { MAX_NETWORK_ADDRESSES, type NetworkAddress } from '../../shared/network-change';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Every address of every interface, flattened; Node < 18 numbered the family (4, 6), which is read too. */
export function addressesOf(table: InterfaceTable): NetworkAddress[] {
  return Object.entries(table).flatMap(([name, list]) =>
    (list ?? []).map((info) => ({
      name,
      address: info.address,
      family: familyOf(info.family as string | number),
      internal: info.internal,
    })),
  );
}

function familyOf(family: string | number): NetworkAddress['family'] {
  return family === 'IPv6' || family === 6 ? 'IPv6' : 'IPv4';
}

const keyOf = (a: NetworkAddress) => `${a.name}|${a.family}|${a.address}`;

/** The addresses in `after` and not in `before` (added), and the other way round (removed). */
export function diffAddresses(
  before: readonly NetworkAddress[],
  after: readonly NetworkAddress[],
): { added: NetworkAddress[]; removed: NetworkAddress[] } {
  const had = new Set(before.map(keyOf));
  const has = new Set(after.map(keyOf));
  return {
    added: after.filter((a) => !had.has(keyOf(a))).slice(0, MAX_NETWORK_ADDRESSES),
    removed: before.filter((a) => !has.has(keyOf(a))).slice(0, MAX_NETWORK_ADDRESSES),
  };
}
