/**
 * The NAT behaviour probe (issue 18), run in the main process over UDP: Binding
 * requests from one socket to every configured STUN/TURN destination give the
 * mapping (RFC 4787); a server with an OTHER-ADDRESS (RFC 5780) adds mapping
 * tests towards its other address and port, and CHANGE-REQUEST tests from a
 * fresh socket for the filtering. No answer over UDP at all is asked again
 * over TCP, to tell a UDP block from servers that are down.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { IceServer } from '../../shared/ice/ice-types';
import type { NatBehaviour, NatFiltering, NatServerAnswer, TransportAddress } from '../../shared/nat-behaviour';
import { probeTargets, type ProbeTarget } from '../../shared/nat-targets';
import { errorMessage } from '../../shared/error-message';
import { filteringFrom, mappingFrom, type MappingObservation } from './nat-classify';
import { canonicalIpv6 } from './nat-stun';
import { tcpBindingAnswers } from './nat-tcp';
import { openStunUdp, type StunUdpSocket, type UdpAnswer } from './nat-udp';

/** At most this many destinations are asked (a long list says nothing more about the NAT). */
const MAX_TARGETS = 8;

export interface NatProbeOptions {
  /** How long one request waits for its answer, retransmissions included. */
  timeoutMs?: number;
  /** Name to address; dns.lookup by default. */
  lookup?: (host: string) => Promise<string>;
  /** This computer's own addresses; os.networkInterfaces() by default. */
  localAddresses?: () => string[];
}

const canonical = (address: string) => (isIP(address) === 6 ? canonicalIpv6(address) : address);

function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [canonical(info.address)] : []));
}

interface Resolved {
  target: ProbeTarget;
  destination: TransportAddress | null;
  error: string | null;
}

async function resolve(target: ProbeTarget, lookup: (host: string) => Promise<string>): Promise<Resolved> {
  try {
    const address = isIP(target.host) ? target.host : await lookup(target.host);
    return { target, destination: { address: canonical(address), port: target.port }, error: null };
  } catch (error) {
    return { target, destination: null, error: `${target.host} did not resolve: ${errorMessage(error)}` };
  }
}

const familyOf = (address: string): 4 | 6 => (isIP(address) === 6 ? 6 : 4);

/** Asks every resolved destination from one socket per address family, all at once. */
async function askAll(
  resolved: readonly Resolved[],
  sockets: Map<4 | 6, StunUdpSocket>,
  timeoutMs: number,
): Promise<NatServerAnswer[]> {
  return Promise.all(
    resolved.map(async ({ target, destination, error }): Promise<NatServerAnswer> => {
      const base = { url: target.url, destination, mapped: null, otherAddress: null, rttMs: null };
      if (!destination) return { ...base, error };
      const socket = sockets.get(familyOf(destination.address))!;
      const reply = await socket.ask(destination, timeoutMs);
      if (!reply) return { ...base, error: `no answer over UDP within ${timeoutMs} ms` };
      if (reply.answer.kind === 'error')
        return { ...base, error: `answered ${reply.answer.code} ${reply.answer.reason}`.trim() };
      const { mapped, otherAddress } = reply.answer;
      return { ...base, mapped, otherAddress, rttMs: reply.rttMs, error: null };
    }),
  );
}

interface Rfc5780 {
  observations: MappingObservation[];
  filtering: NatFiltering;
  honoured: boolean;
}

/**
 * RFC 5780 §4.3 tests II and III (towards the other address, from the mapping socket) and §4.4's
 * filtering tests from a fresh socket: its NAT state has seen only the primary address, so an
 * answer from anywhere else got in through the filter alone.
 */
async function rfc5780Tests(
  socket: StunUdpSocket,
  server: { primary: TransportAddress; other: TransportAddress },
  timeoutMs: number,
): Promise<Rfc5780> {
  const { primary, other } = server;
  const fresh = await openStunUdp(familyOf(primary.address));
  try {
    const opened = await fresh.ask(primary, timeoutMs);
    const filteringAnswers =
      opened?.answer.kind === 'success'
        ? await Promise.all([
            fresh.ask(primary, timeoutMs, { ip: true, port: true }),
            fresh.ask(primary, timeoutMs, { ip: false, port: true }),
          ])
        : null;
    const towards = [
      { address: other.address, port: primary.port },
      { address: other.address, port: other.port },
    ];
    const mappingAnswers = await Promise.all(towards.map((to) => socket.ask(to, timeoutMs)));
    const observations = mappingAnswers.flatMap((reply, i) =>
      reply?.answer.kind === 'success' ? [{ destination: towards[i]!, mapped: reply.answer.mapped }] : [],
    );
    const outcome = (reply: UdpAnswer | null) => (reply?.answer.kind === 'success' ? { from: reply.from } : null);
    const filtering = filteringAnswers
      ? filteringFrom(primary, outcome(filteringAnswers[0]), outcome(filteringAnswers[1]))
      : 'not-honoured';
    return {
      observations,
      filtering: filtering === 'not-honoured' ? 'unknown' : filtering,
      honoured: filtering !== 'not-honoured',
    };
  } finally {
    fresh.close();
  }
}

/** The family most destinations answered in (IPv4 on a tie): mapping is compared within one socket. */
function mainFamily(servers: readonly NatServerAnswer[]): 4 | 6 {
  const count = (family: 4 | 6) => servers.filter((s) => s.mapped && familyOf(s.mapped.address) === family).length;
  return count(6) > count(4) ? 6 : 4;
}

/** A result without any mapping: nothing answered over UDP, or nothing to ask. */
function unmeasured(
  verdict: 'udp-blocked' | 'unreachable' | 'no-servers',
  servers: NatServerAnswer[],
  tcpAnswered: boolean | null,
  started: number,
): NatBehaviour {
  return {
    verdict,
    mapping: 'unknown',
    filtering: 'unknown',
    publicAddressIsLocal: null,
    rfc5780: false,
    tcpAnswered,
    servers,
    durationMs: Math.round(performance.now() - started),
  };
}

async function noUdpAnswer(
  iceServers: readonly IceServer[],
  servers: NatServerAnswer[],
  timeoutMs: number,
  started: number,
): Promise<NatBehaviour> {
  const tcp = probeTargets(iceServers).tcp.slice(0, MAX_TARGETS);
  const answers = await Promise.all(tcp.map((t) => tcpBindingAnswers(t.host, t.port, timeoutMs)));
  const tcpAnswered = answers.some(Boolean);
  return unmeasured(tcpAnswered ? 'udp-blocked' : 'unreachable', servers, tcpAnswered, started);
}

/** Measures the NAT between this computer and the configured servers; never throws for network trouble. */
export async function probeNatBehaviour(
  iceServers: readonly IceServer[],
  options: NatProbeOptions = {},
): Promise<NatBehaviour> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 2_000;
  const targets = probeTargets(iceServers).udp.slice(0, MAX_TARGETS);
  const lookup = options.lookup ?? (async (host: string) => (await dnsLookup(host)).address);
  const resolved = await Promise.all(targets.map((t) => resolve(t, lookup)));
  const families = new Set(resolved.flatMap((r) => (r.destination ? [familyOf(r.destination.address)] : [])));
  const sockets = new Map<4 | 6, StunUdpSocket>();
  try {
    for (const family of families) sockets.set(family, await openStunUdp(family));
    const servers = await askAll(resolved, sockets, timeoutMs);
    const answered = servers.filter((s) => s.mapped !== null);
    if (targets.length === 0) return unmeasured('no-servers', servers, null, started);
    if (answered.length === 0) return await noUdpAnswer(iceServers, servers, timeoutMs, started);
    const family = mainFamily(answered);
    const inFamily = answered.filter((s) => familyOf(s.mapped!.address) === family);
    const observations = inFamily.map((s) => ({ destination: s.destination!, mapped: s.mapped! }));
    const rfcServer = inFamily.find((s) => s.otherAddress && s.otherAddress.address !== s.destination!.address);
    const rfc = rfcServer
      ? await rfc5780Tests(
          sockets.get(family)!,
          { primary: rfcServer.destination!, other: rfcServer.otherAddress! },
          timeoutMs,
        )
      : null;
    const mapping = mappingFrom([...observations, ...(rfc?.observations ?? [])]);
    const own = (options.localAddresses ?? ownAddresses)();
    return {
      verdict:
        mapping === 'unknown' ? 'one-server' : mapping === 'endpoint-independent' ? 'keeps-port' : 'changes-port',
      mapping,
      filtering: rfc?.filtering ?? 'unknown',
      publicAddressIsLocal: own.includes(inFamily[0]!.mapped!.address),
      rfc5780: rfc?.honoured ?? false,
      tcpAnswered: null,
      servers,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const socket of sockets.values()) socket.close();
  }
}
