/**
 * A VPN in home A (issue 19's VPN-like change): a VPN server on the internet, and a tunnel
 * interface in home A (vpn0, a kernel VXLAN tunnel: Ethernet over UDP 4789, carried over home A's
 * first uplink and its NAT) that takes the default route when the VPN comes up, as a VPN client
 * does. Everything home A sends then leaves the internet from the VPN server's address, behind the
 * VPN server's own NAT; the tunnel's own packets keep going out eth0 (a host route to the server).
 *
 *   home-a vpn0 10.99.0.2/24 ═(VXLAN over eth0, rtr-a's NAT)═ vpn 10.99.0.1 [198.51.100.14/30] ─ inet
 *
 * VXLAN rather than a user-space TUN tunnel: it is the kernel's own, so nothing but iproute2 runs;
 * both ends send from port 4789 and to it, so rtr-a's cone NAT (which keeps the port) lets the
 * server's packets in as replies.
 */
import { deleteNamespace, HOMES, INET, inNs, ip, LAB_PREFIX, linkGone, newNamespace, veth } from './lab';

const HOME = HOMES.a.home;
const VPN = {
  server: `${LAB_PREFIX}vpn`,
  /** The VPN server's public address, and the internet's end of its link. */
  wan: '198.51.100.14',
  inetSide: '198.51.100.13',
  inetIf: 'to-vpn',
  /** Inside the tunnel. */
  serverInner: '10.99.0.1',
  clientInner: '10.99.0.2',
  port: '4789',
  /** Lower than both uplinks' metrics (two-uplinks.ts): the VPN's default route wins, as a VPN client makes it. */
  metric: '20',
} as const;

/** Home A's address inside the tunnel (vpn0's). */
export const VPN_CLIENT_ADDRESS = VPN.clientInner;

/** `ip link add vpn0` for one end: VXLAN 42, from and to port 4789 (see above), over `dev`. */
const tunnel = (local: string, remote: string, dev: string) =>
  `link add vpn0 type vxlan id 42 local ${local} remote ${remote} dstport ${VPN.port} srcport ${VPN.port} ${Number(VPN.port) + 1} dev ${dev}`.split(
    ' ',
  );

/** The VPN server on the internet (setNat('a', …) must have built home A's first uplink); the tunnel stays down. */
export async function addVpnServer(): Promise<void> {
  await removeVpn();
  await newNamespace(VPN.server, true);
  await veth(VPN.server, 'wan', INET, VPN.inetIf);
  await ip(VPN.server, 'addr', 'add', `${VPN.wan}/30`, 'dev', 'wan');
  await ip(VPN.server, 'route', 'add', 'default', 'via', VPN.inetSide);
  await ip(INET, 'addr', 'add', `${VPN.inetSide}/30`, 'dev', VPN.inetIf);
  // Its tunnel end towards home A's public address (rtr-a's wan), and a NAT for what comes through it.
  await ip(VPN.server, ...tunnel(VPN.wan, HOMES.a.wan, 'wan'));
  await ip(VPN.server, 'addr', 'add', `${VPN.serverInner}/24`, 'dev', 'vpn0');
  await ip(VPN.server, 'link', 'set', 'vpn0', 'up');
  await inNs(VPN.server, 'iptables', '-w', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE');
}

/** The VPN comes up in home A: vpn0 appears with its address and takes the default route. */
export async function vpnUp(): Promise<void> {
  // The tunnel's own packets must not enter the tunnel: the server stays reachable by eth0.
  await ip(HOME, 'route', 'replace', `${VPN.wan}/32`, 'via', HOMES.a.routerLan, 'dev', 'eth0');
  await ip(HOME, ...tunnel(HOMES.a.client, VPN.wan, 'eth0'));
  await ip(HOME, 'addr', 'add', `${VPN.clientInner}/24`, 'dev', 'vpn0');
  await ip(HOME, 'link', 'set', 'vpn0', 'up');
  await ip(HOME, 'route', 'add', 'default', 'via', VPN.serverInner, 'dev', 'vpn0', 'metric', VPN.metric);
}

/** The VPN goes down (disconnected, or its app quit): vpn0 goes away with its routes; eth0's default is back. */
export async function vpnDown(): Promise<void> {
  await ip(HOME, 'link', 'del', 'vpn0');
  await ip(HOME, 'route', 'del', `${VPN.wan}/32`).catch(() => undefined);
}

/** Removes the VPN: home A's tunnel and host route, and the server (its namespace, and with it inet's to-vpn). */
export async function removeVpn(): Promise<void> {
  await vpnDown().catch(() => undefined);
  await deleteNamespace(VPN.server);
  await linkGone(INET, VPN.inetIf);
}
