/**
 * The sentences a person reads about a call: what failed, the likely cause
 * and the fix. Pure, so each is tested against the state it describes; the
 * call logic decides what happened and picks the sentence here.
 */
import type { CandidateError } from './diagnostics';

const TEST_SERVERS = 'Check it with "Test servers"';

function isTurn(url: string): boolean {
  return /^turns?:/i.test(url);
}

const REFUSED = new Set([401, 403, 441]);

/**
 * A cause as a sentence of its own, ending with a full stop: the words above are written to be
 * read alone (a banner), so a list that carries one ends before it rather than running it in
 * after a comma ("…, jitter 5 ms, Call with Ben lost").
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** One server's error, e.g. "turn:x:3478 answered 401 Unauthorized". */
export function candidateErrorWords(e: CandidateError): string {
  const text = e.errorText.trim().replace(/\.$/, '');
  const code = text ? `${e.errorCode} ${text}` : String(e.errorCode);
  if (e.errorCode >= 700) return `${e.url} did not answer, ${code}`;
  if (e.errorCode === 486) return `${e.url} has no room for another allocation, ${code}`;
  return `${e.url} answered ${code}`;
}

/**
 * Why no relay candidate came, from the TURN errors of the last gathering:
 * "TURN refused the credentials (turn:… answered 401 Unauthorized)". Null without a TURN error.
 */
export function noRelayCause(errors: readonly CandidateError[]): string | null {
  const byUrl = new Map<string, CandidateError>();
  for (const e of errors) if (isTurn(e.url)) byUrl.set(e.url, e);
  const list = [...byUrl.values()];
  if (list.length === 0) return null;
  const lead = list.some((e) => REFUSED.has(e.errorCode))
    ? 'TURN refused the credentials'
    : list.every((e) => e.errorCode >= 700)
      ? 'the TURN server is unreachable or blocked by a firewall'
      : 'the TURN server answered with an error';
  return `${lead} (${list.map(candidateErrorWords).join('; ')})`;
}

/** The fix that goes with a TURN cause. */
export function noRelayFix(errors: readonly CandidateError[]): string {
  const refused = errors.some((e) => isTurn(e.url) && REFUSED.has(e.errorCode));
  return refused
    ? 'Check the TURN shared secret (or token) and user in Settings, then run "Test servers"'
    : 'Check the TURN URL and that the server is running and reachable, then run "Test servers"';
}

/** A switch deadline as people read it: "15 s", or "250 ms" under a second. */
function deadline(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/**
 * Relay-only was switched on mid-call and no relay path came: the call stays as it was.
 * `timedOutAfterMs` is the switch's deadline when that passed first, null when the new link failed.
 */
export function relaySwitchFailedWords(
  who: string,
  errors: readonly CandidateError[],
  timedOutAfterMs: number | null,
): string {
  const cause =
    noRelayCause(errors) ??
    (timedOutAfterMs !== null
      ? `the relayed connection did not connect within ${deadline(timedOutAfterMs)}`
      : 'no relay candidate was gathered (no TURN server answered)');
  return `Relay only could not be established with ${who}: ${cause}. The call is still direct, so ${who} can see your address. ${noRelayFix(errors)}; or stay direct, or hang up.`;
}

export function relayUnavailableWords(who: string, errors: readonly CandidateError[]): string {
  const cause = noRelayCause(errors) ?? 'no relay candidate was gathered (no TURN server answered)';
  return `Could not connect to ${who}: Relay only is on and ${cause}. ${noRelayFix(errors)}.`;
}

/**
 * Relay only was switched off mid-call and the direct connection did not come: the call stays
 * relayed. The old link still runs through TURN, so the TURN server works; what is known is only
 * that the new connection was too slow (`timedOutAfterMs`) or that every path it tried failed (null).
 */
export function directSwitchFailedWords(who: string, timedOutAfterMs: number | null): string {
  const what = `Could not switch the connection to ${who} to direct`;
  const stays = 'The call continues through TURN.';
  return timedOutAfterMs !== null
    ? `${what}: the new connection did not connect within ${deadline(timedOutAfterMs)}. ${stays} Likely cause: ${who}'s app answered too late, or direct traffic between you is blocked. To try direct again, leave and rejoin the call.`
    : `${what}: none of the paths the new connection tried worked. ${stays} Likely cause: a NAT or firewall between you blocks direct traffic, so calls with ${who} need the TURN server.`;
}

/** Janus closed the connection under a group call: what happens now, and who can fix it. */
export function sfuLostWords(url: string): string {
  return `The group-call server (Janus at ${url}) closed the connection: it restarted or stopped. Everyone shows as Reconnecting while Traverse joins again, every few seconds until it answers. If it does not come back, whoever runs the server should check Janus (systemctl status janus).`;
}

/** A Relay only republish to Janus that did not connect, with what failed. */
export function sfuRelayFailedWords(failure: string): string {
  return (
    `Relay only could not be established with the SFU (${failure}): ` +
    'the TURN server gave no working relay. Check the TURN server with "Test servers", or switch Relay only off.'
  );
}

export function sfuBackWords(): string {
  return 'Back on the group-call server (Janus): the call goes on.';
}

export interface LostContext {
  who: string;
  neverConnected: boolean;
  /** The connection was made with the relay policy (Relay only). */
  relayOnly: boolean;
  /** The path in use when it dropped went through TURN, or relay-only is on. */
  relayed: boolean;
  turnConfigured: boolean;
  /** The signaling server was unreachable when the link was lost: restarts could not be negotiated. */
  signalingDown: boolean;
  errors: readonly CandidateError[];
}

/** Why a call with one person ended, in one sentence with its fix. */
export function lostWords(c: LostContext): string {
  if (c.neverConnected && c.relayOnly) return relayUnavailableWords(c.who, c.errors);
  if (c.neverConnected) {
    const turnCause = noRelayCause(c.errors);
    if (turnCause) return `Could not connect to ${c.who}: ${turnCause}. ${noRelayFix(c.errors)}.`;
    return c.turnConfigured
      ? `Could not connect to ${c.who}: no path worked, not even through the TURN server. It may be unreachable or refusing the credentials: ${TEST_SERVERS.toLowerCase()}.`
      : `Could not connect to ${c.who}: no direct path worked (NAT traversal failing). Add a TURN server or switch to Cloudflare mode in Settings.`;
  }
  if (c.signalingDown)
    return `Call with ${c.who} lost: the connection dropped while the signaling server was unreachable, so it could not be renegotiated. Join again once the signaling server is back.`;
  if (c.relayed)
    return `Call with ${c.who} lost: relay server unreachable. The TURN server stopped answering and restarting ICE did not bring it back. ${TEST_SERVERS}, then join again.`;
  return `Call with ${c.who} lost: the network path failed and restarting ICE did not bring it back. ${
    c.turnConfigured
      ? 'If this keeps happening, turn on Relay only.'
      : 'If this keeps happening, add a TURN server in Settings.'
  }`;
}

/** The signaling banner: what still works while the server is away, for the links as they are. */
export function signalingLostWords(
  detail: string,
  connected: readonly string[],
  notConnected: readonly string[],
): string {
  const head = `Signaling connection lost${detail ? ` (${detail})` : ''}. Reconnecting…`;
  const parts = [head];
  if (connected.length > 0)
    parts.push(
      `${notConnected.length === 0 ? 'Calls already connected keep going' : `The call with ${connected.join(', ')} keeps going`}; new people cannot join until it is back.`,
    );
  if (notConnected.length > 0)
    parts.push(
      `The connection to ${notConnected.join(', ')} is down too and cannot be restored until the signaling server is back.`,
    );
  if (connected.length === 0 && notConnected.length === 0) parts.push('Nobody can join until it is back.');
  return parts.join(' ');
}

/**
 * A mesh moved onto Janus as it grew (renderer/src/call/sfu/mesh-move.ts): `tookMs`, the slowest
 * person's video through Janus from the move's start; `late`, whose had not come by the deadline.
 */
export function meshMovedWords(size: number, tookMs: number, late: readonly string[]): string {
  const moved = `With ${size} people, the call moved to the group-call server (Janus)`;
  const took = tookMs < 1_000 ? `${tookMs} ms` : `${(tookMs / 1_000).toFixed(1)} s`;
  if (late.length === 0) return `${moved}: everyone's video comes through it now (the switch took ${took}).`;
  const who = new Intl.ListFormat('en', { type: 'conjunction' }).format(late);
  return `${moved}, but no video from ${who} has come through it yet. If it does not come, ${late.length === 1 ? 'that person leaves' : 'they leave'} and ${late.length === 1 ? 'joins' : 'join'} again.`;
}

/** A mesh that should have moved onto Janus could not: the newcomer is there, we are not. */
export function meshMoveFailedWords(size: number, detail: string): string {
  return `With ${size} people the call had to move to the group-call server (Janus), and joining it failed (${detail}). The newcomer cannot see or hear you, and you stay connected directly to the others. Leave and join again; if it keeps failing, whoever runs the server checks Janus (README, "Group calls on Janus").`;
}
