/**
 * The connection test's verdict as a ladder (issue 18): the ways a call can go from this
 * computer, in the order Chromium prefers them (direct, then a relay over UDP, TCP and TLS),
 * each with whether it works here and why, and the one a call will then take. It reads what
 * the test measured: the NAT's behaviour (main process) and each TURN row. Pure and tested.
 */
import type { ServerTestRow, ServerTestRun, TestTransport } from './ice-test';
import type { NatBehaviour } from './nat-behaviour';
import { relayPathWords } from './relay-path';

export type RungId = 'direct' | 'turn-udp' | 'turn-tcp' | 'turn-tls';
/** works/fails: measured; likely/unlikely: what the NAT's behaviour predicts; off: Relay only. */
export type RungState = 'works' | 'likely' | 'unlikely' | 'fails' | 'not-configured' | 'testing' | 'unknown' | 'off';

export interface Rung {
  id: RungId;
  /** "Direct", "TURN over UDP", "TURN over TLS 443". */
  name: string;
  state: RungState;
  why: string;
}

export interface Ladder {
  rungs: Rung[];
  /** The way a call from here takes: the first rung that works or is likely; null when none does. */
  carrier: RungId | null;
  /** One sentence: which way calls go, and the fallback. */
  headline: string;
  /** When nothing gets through: what to do (the seed's troubleshooting table), else null. */
  fix: string | null;
}

export interface LadderInput {
  rows: readonly ServerTestRow[];
  /** 'testing' while the NAT test runs; null when it gave no answer (failed, or no main process). */
  nat: NatBehaviour | 'testing' | null;
  relayOnly: boolean;
}

const TRANSPORT_OF: Record<Exclude<RungId, 'direct'>, TestTransport> = {
  'turn-udp': 'udp',
  'turn-tcp': 'tcp',
  'turn-tls': 'tls',
};

function directRung(nat: LadderInput['nat'], relayOnly: boolean): Rung {
  const rung = (state: RungState, why: string): Rung => ({ id: 'direct', name: 'Direct', state, why });
  if (relayOnly) return rung('off', 'Relay only is on: calls never go direct, so your address stays hidden');
  if (nat === 'testing') return rung('testing', 'being tested (the NAT test is running)');
  if (!nat) return rung('unknown', 'not known: the NAT test did not answer');
  if (nat.publicAddressIsLocal === true && nat.verdict !== 'udp-blocked')
    return rung('likely', 'there is no NAT on the way: the other person’s app can reach yours directly');
  switch (nat.verdict) {
    case 'keeps-port':
      return rung('likely', 'your network keeps one public port for every destination, so the two apps can meet');
    case 'changes-port':
      return rung(
        'unlikely',
        'your network changes the public port per destination, as a symmetric NAT does; direct works only with someone whose network lets new ports in',
      );
    case 'udp-blocked':
      return rung('fails', 'UDP is blocked here, and a direct call needs UDP');
    case 'unreachable':
      return rung('unknown', 'not known: no STUN or TURN server answered the NAT test');
    default:
      return rung('unknown', 'not known: the NAT test needs two STUN servers (or one with RFC 5780)');
  }
}

function relayName(transport: TestTransport, rows: readonly ServerTestRow[]): string {
  if (transport !== 'tls') return `TURN over ${transport.toUpperCase()}`;
  const ports = [...new Set(rows.map((r) => r.port))];
  return ports.length === 1 ? `TURN over TLS ${ports[0]}` : 'TURN over TLS';
}

function relayRung(id: Exclude<RungId, 'direct'>, rows: readonly ServerTestRow[]): Rung {
  const transport = TRANSPORT_OF[id];
  const mine = rows.filter((r) => r.kind === 'turn' && r.transport === transport);
  const working = mine.filter((r) => r.status === 'done' && r.result === 'ok');
  const name = relayName(transport, working.length > 0 ? working : mine);
  const rung = (state: RungState, why: string): Rung => ({ id, name, state, why });
  if (mine.length === 0)
    return rung(
      'not-configured',
      transport === 'tls'
        ? 'no turns: URL is configured (TURN over TLS on 443 gets through most firewalls)'
        : `no TURN URL over ${transport.toUpperCase()} is configured`,
    );
  const best = working[0];
  if (best)
    return rung(
      'works',
      `${best.host}:${best.port} works${best.path ? `: ${lowerFirst(relayPathWords(best.path))}` : ''}`,
    );
  if (mine.some((r) => r.status !== 'done')) return rung('testing', 'being tested');
  const failed = mine[0]!;
  return rung('fails', failed.problem?.what ?? `${failed.label}: ${failed.result ?? 'failed'}`);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function headline(rungs: Rung[], carrier: Rung | null, relayOnly: boolean): string {
  const relay = rungs.find((r) => r.id !== 'direct' && r.state === 'works');
  const testing = rungs.some((r) => r.state === 'testing');
  const direct = rungs[0]!;
  if (!carrier) {
    if (testing) return 'Still testing the ways a call can go';
    if (relayOnly) return 'Relay only is on, but no TURN server works: calls will not connect';
    return 'No way through was found: calls to anyone outside this network will fail';
  }
  if (carrier.id === 'direct') {
    const otherwise = relay
      ? `otherwise through ${relay.name}`
      : testing
        ? 'otherwise through a relay (still being tested)'
        : 'and with no working TURN server, calls to strict networks will fail';
    return `Calls will go direct where the other person’s network allows it, ${otherwise}`;
  }
  if (relayOnly) return `Calls will go through ${carrier.name} (Relay only is on)`;
  // Unmeasured, direct may still happen: say so rather than promise the relay.
  if (direct.state === 'unknown' || direct.state === 'testing')
    return `Calls will go direct where both networks allow it, otherwise through ${carrier.name}; whether yours allows it is ${direct.why}`;
  return `Calls will go through ${carrier.name} (${direct.why})`;
}

function fixFor(rungs: Rung[]): string {
  const relays = rungs.filter((r) => r.id !== 'direct');
  if (relays.every((r) => r.state === 'not-configured'))
    return 'Add a TURN server or switch to Cloudflare mode in Settings';
  return 'Open UDP 3478 (STUN/TURN) on the TURN server’s firewall, or use turns: on TCP 5349, or 443, which gets through most firewalls; the rows above say what each server answered';
}

/** The ladder for what a run measured so far. */
export function connectionLadder({ rows, nat, relayOnly }: LadderInput): Ladder {
  const rungs = [
    directRung(nat, relayOnly),
    relayRung('turn-udp', rows),
    relayRung('turn-tcp', rows),
    relayRung('turn-tls', rows),
  ];
  // A call takes the first way that works (a measured relay) or is likely to (direct, by the NAT's behaviour).
  const carrier = rungs.find((r) => r.state === 'works' || r.state === 'likely') ?? null;
  const stillTesting = rungs.some((r) => r.state === 'testing');
  return {
    rungs,
    carrier: carrier?.id ?? null,
    headline: headline(rungs, carrier, relayOnly),
    fix: carrier || stillTesting ? null : fixFor(rungs),
  };
}

/** The NAT answer of a run as the ladder reads it: measured, still being measured, or none. */
export function ladderNat(run: Pick<ServerTestRun, 'nat' | 'state'>): LadderInput['nat'] {
  if (run.nat.state === 'done') return run.nat.value;
  return run.nat.state === 'running' && run.state !== 'cancelled' ? 'testing' : null;
}
