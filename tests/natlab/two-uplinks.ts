/**
 * Home A with a second uplink (issue 19): a second router behind its own NAT, on a second
 * interface of home A, as a laptop with Wi-Fi and Ethernet both up. The first uplink (eth0)
 * carries the default route until a cell moves it, takes eth0 down, or adds a third interface.
 *
 *   home-a eth0 203.0.113.10/26  ─ rtr-a  [203.0.113.1   | 198.51.100.2/30]  ─┐
 *          eth1 203.0.113.138/26 ─ rtr-a2 [203.0.113.129 | 198.51.100.10/30] ─┴ inet
 */
import { deleteNamespace, HOMES, INET, ip, LAB_PREFIX, natRules, newNamespace, veth, type NatKind } from './lab';

const HOME = HOMES.a.home;
export const SECOND = {
  router: `${LAB_PREFIX}rtr-a2`,
  client: '203.0.113.138',
  routerLan: '203.0.113.129',
  wan: '198.51.100.10',
  inetSide: '198.51.100.9',
  inetIf: 'to-a2',
} as const;
/** The first uplink's default route is preferred (a lower metric), as an OS prefers its first network. */
const METRIC = { eth0: 100, eth1: 200 } as const;

/** Adds the second uplink to home A (setNat('a', …) must have built the first); both default routes, eth0 preferred. */
export async function addSecondUplink(kind: Exclude<NatKind, 'none'>): Promise<void> {
  await deleteNamespace(SECOND.router);
  await newNamespace(SECOND.router, true);
  await veth(SECOND.router, 'lan', HOME, 'eth1');
  await veth(SECOND.router, 'wan', INET, SECOND.inetIf);
  await ip(SECOND.router, 'addr', 'add', `${SECOND.routerLan}/26`, 'dev', 'lan');
  await ip(SECOND.router, 'addr', 'add', `${SECOND.wan}/30`, 'dev', 'wan');
  await ip(SECOND.router, 'route', 'add', 'default', 'via', SECOND.inetSide);
  await ip(INET, 'addr', 'add', `${SECOND.inetSide}/30`, 'dev', SECOND.inetIf);
  await natRules(SECOND.router, kind);
  await ip(HOME, 'addr', 'add', `${SECOND.client}/26`, 'dev', 'eth1');
  // setNat's default route has metric 0: give both uplinks the metrics an OS would.
  await ip(HOME, 'route', 'replace', 'default', 'via', HOMES.a.routerLan, 'dev', 'eth0', 'metric', `${METRIC.eth0}`);
  await ip(HOME, 'route', 'del', 'default', 'via', HOMES.a.routerLan, 'dev', 'eth0', 'metric', '0').catch(
    () => undefined,
  );
  await ip(HOME, 'route', 'add', 'default', 'via', SECOND.routerLan, 'dev', 'eth1', 'metric', `${METRIC.eth1}`);
}

/** The first uplink goes away: eth0 down (its routes go with it, the second uplink's default remains). */
export async function dropFirstUplink(): Promise<void> {
  await ip(HOME, 'link', 'set', 'eth0', 'down');
}

/** Both stay up; the default route moves to the second uplink (it now has the lower metric), as plugging in Ethernet does. */
export async function preferSecondUplink(): Promise<void> {
  await ip(HOME, 'route', 'add', 'default', 'via', SECOND.routerLan, 'dev', 'eth1', 'metric', '50');
}

/** A third interface comes (with an address, no route to anywhere) and goes, as a USB tether or a docker bridge does. */
export async function flapThirdInterface(seen: () => Promise<void>): Promise<void> {
  await veth(HOME, 'extra0', HOME, 'extra1');
  await ip(HOME, 'addr', 'add', '192.0.2.77/24', 'dev', 'extra0');
  await seen();
  await ip(HOME, 'link', 'del', 'extra0');
}

/** Removes the second uplink (its router, and with it eth1 and inet's to-a2). */
export async function removeSecondUplink(): Promise<void> {
  await deleteNamespace(SECOND.router);
}
