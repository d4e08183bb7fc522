/**
 * The network watcher's pure parts with data as the OS gives it: what
 * os.networkInterfaces() returned on this machine, and Linux's routing tables
 * as /proc/net/route and /proc/net/ipv6_route print them. The watcher itself
 * runs against real interfaces in a network namespace (tests/integration/network-watch-netns.test.ts).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addressesOf, diffAddresses } from '../../electron/core/network-diff';
import { defaultRouteReader, defaultRouteV4, defaultRouteV6 } from '../../electron/core/network-route';
import { startNetworkWatch } from '../../electron/core/network-watch';
import { networkChangeSchema, type NetworkChange } from '../../shared/network-change';

const lo: NetworkInterfaceInfo[] = [
  {
    address: '127.0.0.1',
    netmask: '255.0.0.0',
    family: 'IPv4',
    mac: '00:00:00:00:00:00',
    internal: true,
    cidr: '127.0.0.1/8',
  },
  {
    address: '::1',
    netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    family: 'IPv6',
    mac: '00:00:00:00:00:00',
    internal: true,
    cidr: '::1/128',
    scopeid: 0,
  },
];
const eth0: NetworkInterfaceInfo[] = [
  {
    address: '192.0.2.2',
    netmask: '255.255.255.0',
    family: 'IPv4',
    mac: '02:fc:00:00:00:01',
    internal: false,
    cidr: '192.0.2.2/24',
  },
  {
    address: 'fe80::fc:ff:fe00:1',
    netmask: 'ffff:ffff:ffff:ffff::',
    family: 'IPv6',
    mac: '02:fc:00:00:00:01',
    internal: false,
    cidr: 'fe80::fc:ff:fe00:1/64',
    scopeid: 4,
  },
];
const wlan0: NetworkInterfaceInfo[] = [
  {
    address: '10.1.0.7',
    netmask: '255.255.255.0',
    family: 'IPv4',
    mac: '02:fc:00:00:00:02',
    internal: false,
    cidr: '10.1.0.7/24',
  },
];

describe('diffAddresses', () => {
  it('names the addresses of an interface that appeared, and of one that went away', () => {
    const before = addressesOf({ lo, eth0 });
    const after = addressesOf({ lo, wlan0 });
    const { added, removed } = diffAddresses(before, after);
    expect(added).toEqual([{ name: 'wlan0', address: '10.1.0.7', family: 'IPv4', internal: false }]);
    expect(removed.map((a) => a.address)).toEqual(['192.0.2.2', 'fe80::fc:ff:fe00:1']);
  });

  it('sees an address that changed on the same interface (a new DHCP lease) as one gone and one new', () => {
    const renewed = [{ ...eth0[0]!, address: '192.0.2.9', cidr: '192.0.2.9/24' }, eth0[1]!];
    const { added, removed } = diffAddresses(addressesOf({ lo, eth0 }), addressesOf({ lo, eth0: renewed }));
    expect(added.map((a) => a.address)).toEqual(['192.0.2.9']);
    expect(removed.map((a) => a.address)).toEqual(['192.0.2.2']);
  });

  it('finds no change when the same addresses come back in another order', () => {
    const { added, removed } = diffAddresses(addressesOf({ lo, eth0 }), addressesOf({ eth0: [...eth0].reverse(), lo }));
    expect(added).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('gives what the IPC schema accepts', () => {
    const { added, removed } = diffAddresses(addressesOf({ lo }), addressesOf({ lo, eth0, wlan0 }));
    const change = { at: 1, reason: 'poll', added, removed, addresses: added, defaultRoute: null };
    expect(networkChangeSchema.parse(change)).toEqual(change);
  });
});

// This machine's tables, as the kernel prints them (columns aligned with tabs and spaces).
const route = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
wlan0\t00000000\t0101000A\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
const ipv6Route = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;

describe('default route', () => {
  it('is the up default route with the lowest metric', () => {
    expect(defaultRouteV4(route)).toBe('eth0');
    expect(defaultRouteV4(route.replace('\t100\t', '\t900\t'))).toBe('wlan0');
  });

  it('is none when only a local subnet is routed', () => {
    expect(
      defaultRouteV4(
        route
          .split('\n')
          .filter((l) => !l.includes('\t00000000\t0'))
          .join('\n'),
      ),
    ).toBeNull();
  });

  it('reads IPv6 without the unreachable route on lo', () => {
    expect(defaultRouteV6(ipv6Route)).toBe('eth0');
    expect(defaultRouteV6(ipv6Route.split('\n').slice(2).join('\n'))).toBeNull();
  });

  it('falls back to IPv6 when there is no IPv4 default route, and to null where the files do not exist', async () => {
    const files: Record<string, string> = {
      '/proc/net/route': route.split('\n')[0]!,
      '/proc/net/ipv6_route': ipv6Route,
    };
    const read = (path: string) =>
      path in files ? Promise.resolve(files[path]!) : Promise.reject(new Error('ENOENT'));
    expect(await defaultRouteReader(read)()).toBe('eth0');
    expect(await defaultRouteReader(() => Promise.reject(new Error('ENOENT')))()).toBeNull();
  });
});

describe('startNetworkWatch', () => {
  it('sends a change when poked after the interfaces changed, and nothing when they did not', async () => {
    let table: NodeJS.Dict<NetworkInterfaceInfo[]> = { lo, eth0 };
    let defaultRoute: string | null = 'eth0';
    const sent: NetworkChange[] = [];
    const watch = startNetworkWatch({
      interfaces: () => table,
      defaultRoute: () => Promise.resolve(defaultRoute),
      send: (change) => sent.push(change),
      now: () => 42,
      // Long enough that only the pokes look in this test.
      intervalMs: 3_600_000,
    });
    await watch.poke('resume');
    expect(sent).toEqual([]);
    table = { lo, eth0, wlan0 };
    defaultRoute = 'wlan0';
    await watch.poke('online');
    expect(sent).toEqual([
      {
        at: 42,
        reason: 'online',
        added: [{ name: 'wlan0', address: '10.1.0.7', family: 'IPv4', internal: false }],
        removed: [],
        addresses: addressesOf(table),
        defaultRoute: { from: 'eth0', to: 'wlan0' },
      },
    ]);
    await watch.poke('resume');
    expect(sent).toHaveLength(1);
    watch.stop();
  });
});
