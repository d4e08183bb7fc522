/**
 * Janus failures as sentences an operator can act on: what failed, the likely cause, the fix.
 * Janus's own code and reason stay on the error (`code`, `reason`) for callers that branch on them.
 */
import { JANUS_ERROR, VIDEOROOM_ERROR } from './janus';

export type JanusErrorKind =
  /** Janus answered with an error (core API or plugin). */
  | 'refused'
  /** No answer within the timeout. */
  | 'timeout'
  /** The WebSocket could not be opened or closed under a pending request. */
  | 'connection'
  /** Something that is not Janus's documented API arrived. */
  | 'protocol';

export class JanusError extends Error {
  override readonly name = 'JanusError';
  constructor(
    message: string,
    readonly kind: JanusErrorKind,
    /** Janus's error code (core 4xx codes, or the VideoRoom plugin's 4xx codes), when it gave one. */
    readonly code: number | null = null,
    /** Janus's own words, when it gave them. */
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

const CORE_HINTS: Record<number, string> = {
  [JANUS_ERROR.unauthorized]:
    "the request carried no token, an expired one, or one signed with another secret. Check that JANUS_TOKEN_SECRET equals token_auth_secret in Janus's janus.jcfg and that this host's clock is right",
  [JANUS_ERROR.unauthorizedPlugin]:
    'the token does not list this plugin. Mint it with the plugin named (janus.plugin.videoroom)',
  [JANUS_ERROR.sessionNotFound]:
    'the Janus session ended (session_timeout passed without a keepalive, or Janus restarted). Create a new session',
  [JANUS_ERROR.handleNotFound]: 'the plugin handle was detached or its session ended. Attach again',
  [JANUS_ERROR.pluginNotFound]:
    "Janus does not have the VideoRoom plugin loaded. Check the plugins 'disable' list in janus.jcfg",
  [JANUS_ERROR.invalidJson]: 'Janus could not read the request. This is a bug in Traverse: report it',
};

const VIDEOROOM_HINTS: Record<number, string> = {
  [VIDEOROOM_ERROR.noSuchRoom]: 'the room was destroyed (empty too long, or Janus restarted). Ensure the room again',
  [VIDEOROOM_ERROR.missingElement]:
    "a required field is missing; for create that is admin_key: set JANUS_ADMIN_KEY to the VideoRoom plugin's admin_key",
  [VIDEOROOM_ERROR.unauthorized]:
    "the room's secret, pin, admin_key or the person's room token is wrong. Check JANUS_ADMIN_KEY against janus.plugin.videoroom.jcfg, and mint a fresh room token",
  [VIDEOROOM_ERROR.publishersFull]: 'the room has as many publishers as it allows. Raise publishers when creating it',
};

/** Janus's core API refused `what` with `code`/`reason`. */
export function janusRefused(what: string, code: number, reason: string): JanusError {
  const hint = CORE_HINTS[code] ?? "see Janus's log for the request; its reason above names the problem";
  return new JanusError(
    `Janus refused ${what} (error ${code}: ${reason}). Likely cause: ${hint}.`,
    'refused',
    code,
    reason,
  );
}

/** The VideoRoom plugin answered `what` with its own error. */
export function videoRoomRefused(what: string, code: number, reason: string): JanusError {
  const hint = VIDEOROOM_HINTS[code] ?? "see Janus's log; the plugin's reason above names the problem";
  return new JanusError(
    `Janus's VideoRoom refused ${what} (error ${code}: ${reason}). Likely cause: ${hint}.`,
    'refused',
    code,
    reason,
  );
}

export function janusTimeout(what: string, url: string, ms: number): JanusError {
  return new JanusError(
    `Janus at ${url} did not answer ${what} within ${ms} ms. Likely cause: Janus is overloaded or hung, or a proxy between us holds the request. Fix: check that Janus runs (systemctl status janus) and its log.`,
    'timeout',
  );
}

export function janusUnreachable(url: string, cause: string): JanusError {
  return new JanusError(
    `Could not reach Janus at ${url} (${cause}). Likely cause: Janus is not running, or JANUS_URL names the wrong host or port. Fix: start Janus (systemctl start janus) and check JANUS_URL against ws_port in janus.transport.websockets.jcfg.`,
    'connection',
  );
}

/** The app's Content-Security-Policy refused the WebSocket to Janus: it is not on the signaling server's address. */
export function janusBlockedByPolicy(url: string): JanusError {
  return new JanusError(
    `Could not reach the group-call server (Janus) at ${url}: this app's security policy lets it connect only to the signaling server's address, and Janus is on another. Likely cause: the signaling server's JANUS_PUBLIC_URL points at Janus directly. Fix (for whoever runs the server): serve Janus under the signaling server's address (e.g. wss://calls.example.org/janus through nginx) and set JANUS_PUBLIC_URL to that.`,
    'connection',
  );
}

export function janusClosed(url: string, what: string): JanusError {
  return new JanusError(
    `The connection to Janus at ${url} closed before it answered ${what}. Likely cause: Janus restarted or stopped. Fix: the request can be retried once Janus is back.`,
    'connection',
  );
}

/** A message that is not Janus's documented API: named, never acted on. */
export function janusProtocolError(url: string, problem: string): JanusError {
  return new JanusError(
    `Janus at ${url} sent a message Traverse does not understand (${problem}); it was ignored. Likely cause: JANUS_URL points at something that is not Janus's WebSocket API, or a Janus version that changed its API. Fix: point JANUS_URL at Janus (ws://127.0.0.1:8188) and check the version (Debian's janus 1.1.x is tested).`,
    'protocol',
  );
}
