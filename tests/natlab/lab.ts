/**
 * The NAT lab: network namespaces, veth pairs and iptables rules that make an
 * "internet" and two homes behind routers, so ICE meets real NAT behaviour.
 * Only documentation addresses, only inside namespaces whose names start with
 * LAB_PREFIX; the root namespace's interfaces and routes are never touched.
 *
 *   home-a 203.0.113.10/26 ─ rtr-a [203.0.113.1 | 198.51.100.2/30] ─┐
 *                                                                  inet (services on 198.51.100.100)
 *   home-b 203.0.113.74/26 ─ rtr-b [203.0.113.65 | 198.51.100.6/30] ─┘
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorMessage } from '../../shared/error-message';

const run = promisify(execFile);

/** Every lab namespace's name starts with this, so a cleanup can find leftovers of a crashed run. */
export const LAB_PREFIX = 'tvnl-';
export const INET = `${LAB_PREFIX}inet`;
/** Where the harness and coturn listen: on the internet namespace's loopback, reachable by routing. */
export const SERVICE_IP = '198.51.100.100';

export type HomeId = 'a' | 'b';
/** none = plain routing; cone = port-restricted cone (MASQUERADE); symmetric = MASQUERADE --random; udp-blocked = cone plus a firewall dropping all UDP. */
export type NatKind = 'none' | 'cone' | 'symmetric' | 'udp-blocked';

interface HomePlan {
  home: string;
  router: string;
  /** Client address on the private side. */
  client: string;
  routerLan: string;
  subnet: string;
  /** The router's public (WAN) address and the internet's address on the same link. */
  wan: string;
  inetSide: string;
  /** The internet namespace's end of this router's link. */
  inetIf: string;
}

/**
 * Home n of the diagram (a: 0, b: 1): its /26 of 203.0.113.0/24 behind a router, whose
 * /30 of 198.51.100.0/24 links it to the internet. One rule, so the homes cannot drift apart.
 */
function homePlan(id: HomeId, n: number): HomePlan {
  const lan = 64 * n;
  const link = 4 * n;
  return {
    home: `${LAB_PREFIX}home-${id}`,
    router: `${LAB_PREFIX}rtr-${id}`,
    client: `203.0.113.${lan + 10}`,
    routerLan: `203.0.113.${lan + 1}`,
    subnet: `203.0.113.${lan}/26`,
    wan: `198.51.100.${link + 2}`,
    inetSide: `198.51.100.${link + 1}`,
    inetIf: `to-${id}`,
  };
}

export const HOMES: Record<HomeId, HomePlan> = { a: homePlan('a', 0), b: homePlan('b', 1) };

/** Packet counters the internet namespace keeps, read between measurements. */
export interface PathCounters {
  /** UDP forwarded between the two routers: media going directly home to home. */
  direct: number;
  /** UDP to the TURN server (its port and its relay ports). */
  relayUdp: number;
  /** TCP to the TURN port: TURN over TCP. */
  relayTcp: number;
}

export async function sh(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { timeout: 15_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`NAT lab: \`${command} ${args.join(' ')}\` failed: ${stderr.trim() || String(error)}`);
  }
}

export const ip = (ns: string, ...args: string[]) => sh('ip', ['-n', ns, ...args]);
export const inNs = (ns: string, command: string, ...args: string[]) =>
  sh('ip', ['netns', 'exec', ns, command, ...args]);
const ipt = (ns: string, ...args: string[]) => inNs(ns, 'iptables', '-w', ...args);

/** Why the lab cannot run here, or null when it can (root, iproute2 netns and iptables usable). */
export async function labUnavailable(): Promise<string | null> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'the NAT lab needs root to create network namespaces (run as root, as CI does)';
  const probe = `${LAB_PREFIX}probe`;
  try {
    await sh('ip', ['netns', 'add', probe]);
    try {
      await ipt(probe, '-t', 'nat', '-L', '-n');
    } finally {
      await sh('ip', ['netns', 'del', probe]);
    }
  } catch (error) {
    return `network namespaces or iptables are unusable here: ${errorMessage(error)}`;
  }
  return null;
}

/** Lab namespaces that exist now (leftovers of a crashed run included). */
export async function labNamespaces(): Promise<string[]> {
  const listing = await sh('ip', ['netns', 'list']);
  return listing
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(LAB_PREFIX));
}

/** Deletes one namespace (if it exists), first ending the processes the lab started in it, so none outlives its network. */
export async function deleteNamespace(ns: string): Promise<void> {
  const pids = (await sh('ip', ['netns', 'pids', ns]).catch(() => ''))
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await sh('ip', ['netns', 'del', ns]).catch(() => undefined);
}

/** Deletes every lab namespace (leftovers of a crashed run included) and what runs in them. */
export async function destroyLab(): Promise<void> {
  for (const ns of await labNamespaces()) await deleteNamespace(ns);
}

/** Waits until `ifname` has left `ns`: the kernel tears a deleted namespace (and its veths' far ends) down later. */
export async function linkGone(ns: string, ifname: string): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    if (
      !(await ip(ns, 'link', 'show', ifname).then(
        () => true,
        () => false,
      ))
    )
      return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`NAT lab: ${ifname} in ${ns} outlived its deleted peer for 10 s`);
}

/** A veth pair created directly inside two namespaces: nothing ever appears in the root namespace. */
export async function veth(nsA: string, ifA: string, nsB: string, ifB: string): Promise<void> {
  await sh('ip', ['link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
  await ip(nsA, 'link', 'set', ifA, 'up');
  await ip(nsB, 'link', 'set', ifB, 'up');
}

export async function newNamespace(ns: string, forwarding: boolean): Promise<void> {
  await sh('ip', ['netns', 'add', ns]);
  await ip(ns, 'link', 'set', 'lo', 'up');
  await inNs(ns, 'sysctl', '-q', '-w', `net.ipv4.ip_forward=${forwarding ? 1 : 0}`);
}

/** Builds the internet namespace, the two homes, and the counters; routers come per cell from setNat. */
export async function createLab(): Promise<void> {
  await destroyLab();
  await newNamespace(INET, true);
  await ip(INET, 'addr', 'add', `${SERVICE_IP}/32`, 'dev', 'lo');
  // The real internet has a default route: a packet to an address nobody routes
  // (a home's private host candidate) is lost somewhere, silently. Without one
  // coturn's sendto fails with ENETUNREACH, which no real TURN server sees. A
  // link whose other end stays down swallows such packets inside the namespace.
  await sh('ip', ['link', 'add', 'void', 'netns', INET, 'type', 'veth', 'peer', 'name', 'void-end', 'netns', INET]);
  await ip(INET, 'link', 'set', 'void', 'up');
  await ip(INET, 'route', 'add', 'default', 'dev', 'void');
  for (const id of ['a', 'b'] as const) await newNamespace(HOMES[id].home, false);
  // Counters: which way media crosses the internet. Comments mark the rules for reading back.
  const counted = (tag: string) => ['-m', 'comment', '--comment', tag];
  for (const [from, to] of [
    [HOMES.a, HOMES.b],
    [HOMES.b, HOMES.a],
  ] as const) {
    await ipt(INET, '-A', 'FORWARD', '-i', from.inetIf, '-o', to.inetIf, '-p', 'udp', ...counted('natlab-direct'));
  }
  await ipt(INET, '-A', 'INPUT', '-d', SERVICE_IP, '-p', 'udp', ...counted('natlab-relay-udp'));
  await ipt(INET, '-A', 'INPUT', '-d', SERVICE_IP, '-p', 'tcp', '--dport', '3478', ...counted('natlab-relay-tcp'));
}

/** The namespace of the wire (wire.py) in home id's link, when a cell asks for link conditions. */
export const wireNamespace = (id: HomeId) => `${LAB_PREFIX}wire-${id}`;
/** The wire's interfaces: towards the router, towards the internet. */
export const WIRE_IFS = { router: 'rtr', inet: 'inet' } as const;

/**
 * The router's wan to the internet: one veth, or (wired) two with a wire
 * namespace between them, in which wire.py carries the frames across.
 */
async function linkToInternet(id: HomeId, wired: boolean): Promise<void> {
  const h = HOMES[id];
  if (!wired) return veth(h.router, 'wan', INET, h.inetIf);
  const wire = wireNamespace(id);
  await newNamespace(wire, false);
  await veth(h.router, 'wan', wire, WIRE_IFS.router);
  await veth(wire, WIRE_IFS.inet, INET, h.inetIf);
  // The wire resends frame by frame, so the stacks sending into it must segment (no GSO super-frames).
  await ip(h.router, 'link', 'set', 'wan', 'gso_max_segs', '1');
  await ip(INET, 'link', 'set', h.inetIf, 'gso_max_segs', '1');
}

/**
 * (Re)builds one home's router with a NAT kind. A fresh router namespace
 * means fresh connection tracking: no mapping from the previous cell leaks in.
 * `wired` puts a wire namespace into the router's link (see linkToInternet).
 */
export async function setNat(id: HomeId, kind: NatKind, options: { wired?: boolean } = {}): Promise<void> {
  const h = HOMES[id];
  await deleteNamespace(wireNamespace(id));
  await deleteNamespace(h.router);
  await Promise.all([linkGone(h.home, 'eth0'), linkGone(INET, h.inetIf)]);
  await ip(INET, 'route', 'del', h.subnet).catch(() => undefined);
  await newNamespace(h.router, true);
  await veth(h.router, 'lan', h.home, 'eth0');
  await linkToInternet(id, options.wired === true);
  await ip(h.router, 'addr', 'add', `${h.routerLan}/26`, 'dev', 'lan');
  await ip(h.router, 'addr', 'add', `${h.wan}/30`, 'dev', 'wan');
  await ip(h.router, 'route', 'add', 'default', 'via', h.inetSide);
  await ip(h.home, 'addr', 'add', `${h.client}/26`, 'dev', 'eth0');
  await ip(h.home, 'route', 'add', 'default', 'via', h.routerLan);
  await ip(INET, 'addr', 'add', `${h.inetSide}/30`, 'dev', h.inetIf);
  if (kind === 'none') {
    // Plain routing: the home's own addresses are reachable from the internet.
    await ip(INET, 'route', 'add', h.subnet, 'via', h.wan);
    return;
  }
  await natRules(h.router, kind);
}

/**
 * The NAT of `router` (its interfaces lan and wan): MASQUERADE on wan, only replies let in, and
 * for udp-blocked a firewall dropping UDP from the lan. The private side is unroutable from outside
 * (no route in inet), as on the real internet.
 */
export async function natRules(router: string, kind: Exclude<NatKind, 'none'>): Promise<void> {
  await ipt(
    router,
    '-t',
    'nat',
    '-A',
    'POSTROUTING',
    '-o',
    'wan',
    '-j',
    'MASQUERADE',
    ...(kind === 'symmetric' ? ['--random'] : []),
  );
  // Only replies come in. Unsolicited packets to the router are dropped before
  // their conntrack entry is confirmed: a confirmed one would take the port the
  // home later maps to and turn the cone into something else.
  await ipt(
    router,
    '-A',
    'FORWARD',
    '-i',
    'wan',
    '-o',
    'lan',
    '-m',
    'conntrack',
    '--ctstate',
    'ESTABLISHED,RELATED',
    '-j',
    'ACCEPT',
  );
  await ipt(router, '-A', 'FORWARD', '-i', 'wan', '-j', 'DROP');
  await ipt(router, '-A', 'INPUT', '-i', 'wan', '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP');
  if (kind === 'udp-blocked') await ipt(router, '-A', 'FORWARD', '-i', 'lan', '-p', 'udp', '-j', 'DROP');
}

/** Zeroes the path counters, to measure a window of the call. */
export async function resetCounters(): Promise<void> {
  await ipt(INET, '-Z', 'FORWARD');
  await ipt(INET, '-Z', 'INPUT');
}

export async function readCounters(): Promise<PathCounters> {
  const listing =
    (await ipt(INET, '-L', 'FORWARD', '-v', '-x', '-n')) + (await ipt(INET, '-L', 'INPUT', '-v', '-x', '-n'));
  const sum = (tag: string) =>
    listing
      .split('\n')
      .filter((line) => line.includes(`/* ${tag} */`))
      .reduce((total, line) => total + Number(line.trim().split(/\s+/)[0] ?? 0), 0);
  return { direct: sum('natlab-direct'), relayUdp: sum('natlab-relay-udp'), relayTcp: sum('natlab-relay-tcp') };
}

/** Spawn arguments that run a command inside a lab namespace (`ip netns exec` execs in place). */
export function inNamespace(ns: string, command: string, args: string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, command, ...args]];
}
