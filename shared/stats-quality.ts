/**
 * Turns a connection snapshot into a grade and hints a person can act on,
 * mapped from the seed guide's troubleshooting table.
 */
import type { ParsedCandidate } from './candidate';
import { noRelayCause, noRelayFix } from './call-words';
import { pathRelayed, type CandidateError, type LinkState } from './diagnostics';
import type { ConnectionSnapshot, SelectedPath } from './stats';

export type Grade = 'good' | 'fair' | 'poor' | 'unknown';

export interface Hint {
  /** What we see. */
  symptom: string;
  cause: string;
  fix: string;
}

export interface Quality {
  grade: Grade;
  /** Why the grade is not good, e.g. "RTT 420 ms". */
  reasons: string[];
}

export function quality(s: ConnectionSnapshot | null): Quality {
  if (!s || !s.path) return { grade: 'unknown', reasons: [] };
  const reasons: string[] = [];
  let score = 0;
  const bump = (level: 1 | 2, reason: string) => {
    score = Math.max(score, level);
    reasons.push(reason);
  };
  // Over the recent window: one second's loss or one check's round trip is too noisy to grade by.
  const { rttMs, lossPct } = s.recent;
  if (rttMs !== null && rttMs > 300) bump(2, `round trip ${Math.round(rttMs)} ms`);
  else if (rttMs !== null && rttMs > 150) bump(1, `round trip ${Math.round(rttMs)} ms`);
  if (lossPct !== null && lossPct > 5) bump(2, `${lossPct.toFixed(1)} % packets lost`);
  else if (lossPct !== null && lossPct > 1) bump(1, `${lossPct.toFixed(1)} % packets lost`);
  if (s.jitterMs !== null && s.jitterMs > 60) bump(2, `jitter ${Math.round(s.jitterMs)} ms`);
  else if (s.jitterMs !== null && s.jitterMs > 30) bump(1, `jitter ${Math.round(s.jitterMs)} ms`);
  return { grade: score === 0 ? 'good' : score === 1 ? 'fair' : 'poor', reasons };
}

export interface HintContext {
  snapshot: ConnectionSnapshot | null;
  /** Whether the snapshot's path is relayed, as pathRelayed() decides (a prflx relay counts). */
  relayed: boolean;
  /** The link's state now, and whether it was ever connected. */
  state: LinkState;
  everConnected: boolean;
  relayOnly: boolean;
  /** Whether the ICE configuration holds any turn:/turns: URL. */
  turnConfigured: boolean;
  stunConfigured: boolean;
  /** Local candidates gathered so far (from what went over signaling). */
  gathered: readonly ParsedCandidate[];
  /** True once local gathering finished. */
  gatheringComplete: boolean;
  /** What STUN/TURN servers answered with an error (or not at all) while gathering. */
  candidateErrors: readonly CandidateError[];
}

/**
 * No relay candidate although TURN is configured. Said only with evidence: a
 * TURN error says why; without one, a call that connected directly proves
 * nothing (Chromium may stop short once a direct path works), so only a
 * finished gathering on a call with no direct path counts.
 */
function noRelayHint(c: HintContext, types: Set<string>): Hint | null {
  if (!c.turnConfigured || types.has('relay')) return null;
  const cause = noRelayCause(c.candidateErrors);
  const path = c.snapshot?.path;
  const direct = c.state === 'connected' && path !== null && path !== undefined && !c.relayed;
  if (cause) {
    return {
      symptom: direct
        ? 'The TURN server gave no relay candidate (the call is direct, so it works without one)'
        : 'Gathering gave no relay candidate',
      cause: cause.charAt(0).toUpperCase() + cause.slice(1),
      fix: noRelayFix(c.candidateErrors),
    };
  }
  if (!c.gatheringComplete || direct) return null;
  return {
    symptom: 'Gathering gave no relay candidate',
    cause: 'The TURN server is unreachable, or it refused the credentials',
    fix: 'Run "Test servers" to see which; check the TURN URL and secret, or use Cloudflare mode',
  };
}

function droppedFix(c: HintContext): string {
  if (!c.turnConfigured) return 'Add a TURN server or switch to Cloudflare mode';
  return c.relayOnly
    ? 'Traverse restarts ICE by itself; if it keeps failing, check the TURN server with "Test servers"'
    : 'Traverse restarts ICE by itself; if it keeps failing, turn on Relay only';
}

export function hints(c: HintContext): Hint[] {
  const out: Hint[] = [];
  const types = new Set(c.gathered.map((g) => g.type));
  const noRelay = noRelayHint(c, types);
  if (noRelay) out.push(noRelay);
  if (c.gatheringComplete && !c.turnConfigured && (c.relayOnly || c.state === 'failed')) {
    out.push({
      symptom: c.relayOnly ? 'Relay only is on, but no TURN server is configured' : 'The call could not connect',
      cause: c.relayOnly
        ? 'Relay-only needs a TURN server to relay through'
        : 'NAT traversal failing: STUN alone cannot cross this NAT or firewall',
      fix: 'Add a TURN server or switch to Cloudflare mode in Settings',
    });
  }
  // As for TURN: without a STUN error, a call that connected directly says nothing about the STUN server.
  const stunError = c.candidateErrors.some((e) => /^stuns?:/i.test(e.url));
  const connectedDirect = c.state === 'connected' && Boolean(c.snapshot?.path) && !c.relayed;
  if (
    c.gatheringComplete &&
    c.stunConfigured &&
    !c.relayOnly &&
    !types.has('srflx') &&
    types.has('host') &&
    (stunError || !connectedDirect)
  ) {
    out.push({
      symptom: 'No server-reflexive candidate: the STUN server did not answer',
      cause: 'A firewall is blocking UDP to the STUN server, or the server is down',
      fix: 'Open UDP 3478 outbound, or use turns: on TCP 5349 (or 443)',
    });
  }
  if (c.everConnected && (c.state === 'failed' || c.state === 'reconnecting')) {
    out.push({
      symptom: 'The call connected, then dropped',
      cause: 'NAT traversal failing (a NAT binding or firewall rule changed), or the network went away',
      fix: droppedFix(c),
    });
  }
  const path = c.snapshot?.path;
  if (path?.local.type === 'relay' && path.local.relayProtocol && path.local.relayProtocol !== 'udp') {
    out.push({
      symptom: `Relayed over ${path.local.relayProtocol.toUpperCase()}, not UDP`,
      cause: 'UDP to the TURN server is blocked on this network',
      fix: 'Open UDP 3478 for lower latency; TCP/TLS works but adds delay under loss',
    });
  }
  if (path && !c.relayed && (c.snapshot?.recent.rttMs ?? 0) > 300) {
    out.push({
      symptom: 'High latency on a direct path',
      cause: 'STUN only, no TURN relay near you',
      fix: 'Enable TURN: Cloudflare mode routes to the nearest point of presence',
    });
  }
  return out;
}

/**
 * Chromium often reports the remote end of a relayed path as prflx: it learned
 * the address from a connectivity check before the relay candidate arrived by
 * signaling. When that address is one the peer announced as relay, say so.
 */
export function explainPath(
  path: SelectedPath,
  received: readonly ParsedCandidate[],
): { relayed: boolean; note: string | null } {
  const relayed = pathRelayed(path, received);
  if (path.remote.type !== 'prflx') return { relayed, note: null };
  if (relayed) {
    return {
      relayed,
      note: `The remote candidate shows as prflx (learned from a connectivity check before signaling delivered it), but ${path.remote.address}:${path.remote.port ?? ''} is the relay address the other side announced: their media goes through their TURN server.`,
    };
  }
  return {
    relayed,
    note: 'The remote candidate shows as prflx: Chromium learned it from a connectivity check, not from signaling. Usually the other side is behind a NAT that changed its port.',
  };
}
