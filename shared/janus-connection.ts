/**
 * One connection to Janus's WebSocket API (janus-protocol), whatever carries it: transactions
 * with timeouts, a keepalive per session (Janus ends sessions idle for session_timeout, 60 s by
 * default), and every message from Janus parsed with janus.ts before it is acted on. A message
 * that fails the parse is reported through `onProblem` (and fails the request it names), never
 * acted on. The signaling server carries it over `ws` (server/janus-client.ts), the renderer over
 * the browser's WebSocket (renderer/src/call/sfu/janus-socket.ts).
 */
import {
  janusMessageSchema,
  type JanusAuth,
  type JanusHandleEvent,
  type JanusMessage,
  type JanusServerInfo,
} from './janus';
import { JanusError, janusProtocolError, janusRefused } from './janus-errors';
import { createJanusSession, type JanusSession, type SessionWire } from './janus-session';
import { createTransactions, type JanusWire } from './janus-transactions';

export type { JanusHandle, JanusSession } from './janus-session';

export interface JanusConnectionOptions {
  /** Janus's WebSocket API, e.g. ws://127.0.0.1:8188 (named in errors). */
  url: string;
  /** Credentials for each request, asked per request so a signed token can always be fresh. */
  auth?: () => JanusAuth;
  /** How long a request may wait for its answer. Default 10 s. */
  requestTimeoutMs?: number;
  /** Keepalive period per session; keep it under Janus's session_timeout. Default 25 s. */
  keepaliveMs?: number;
  /** Told about what went wrong outside a request: unparseable messages, failed keepalives. */
  onProblem?: (error: JanusError) => void;
}

/** What a person of the connection can do (the carrier adds `close`). */
export interface JanusApi {
  readonly url: string;
  info(): Promise<JanusServerInfo>;
  createSession(): Promise<JanusSession>;
}

/** The carrier's side: hand it every text frame, and say when the socket closed. */
export interface JanusConnection {
  api: JanusApi;
  receive(text: string): void;
  /** A frame that is not text: not Janus's API. */
  receiveBinary(): void;
  /** The socket closed: pending requests fail, sessions end (Janus ends them too). */
  closed(): void;
}

/** Why a message failed the parse, in one line. */
function parseProblem(raw: unknown, issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const kind =
    typeof raw === 'object' && raw !== null && 'janus' in raw
      ? `"janus": ${JSON.stringify(raw.janus)}`
      : 'no "janus" field';
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  return `${kind}; ${where}${first?.message ?? 'invalid'}`;
}

/** One text frame from Janus: a parsed message, or why it is not one (and which request it names, if any). */
function parseFrame(
  url: string,
  text: string,
): { message: JanusMessage } | { error: JanusError; transaction: string | undefined } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: janusProtocolError(url, `not JSON: ${JSON.stringify(text.slice(0, 60))}`), transaction: undefined };
  }
  const parsed = janusMessageSchema.safeParse(raw);
  if (parsed.success) return { message: parsed.data };
  const named = typeof raw === 'object' && raw !== null && 'transaction' in raw ? raw.transaction : undefined;
  return {
    error: janusProtocolError(url, parseProblem(raw, parsed.error.issues)),
    transaction: typeof named === 'string' ? named : undefined,
  };
}

interface Router {
  settle: (transaction: string | undefined, answer: JanusMessage | JanusError) => boolean;
  sessions: Map<number, SessionWire>;
  onProblem: (error: JanusError) => void;
}

/** Answers go to the request that waits for them; events and timeouts to their session. */
function routeMessage(message: JanusMessage, { settle, sessions, onProblem }: Router): void {
  switch (message.janus) {
    case 'success':
    case 'server_info':
    case 'ack':
      settle(message.transaction, message);
      return;
    case 'error':
      if (!settle(message.transaction, message))
        onProblem(janusRefused('a request', message.error.code, message.error.reason));
      return;
    case 'timeout':
      sessions.get(message.session_id)?.ended('timeout');
      return;
    case 'event':
      if (settle(message.transaction, message)) return;
      sessions.get(message.session_id)?.handleEvent(message);
      return;
    default:
      sessions.get(message.session_id)?.handleEvent(message satisfies JanusHandleEvent);
  }
}

export function createJanusConnection(wire: JanusWire, options: JanusConnectionOptions): JanusConnection {
  const { url, requestTimeoutMs = 10_000, keepaliveMs = 25_000 } = options;
  const auth = options.auth ?? (() => ({}));
  const onProblem = options.onProblem ?? (() => undefined);
  const { send, settle, close: failPending } = createTransactions(wire, { url, timeoutMs: requestTimeoutMs, auth });
  const sessions = new Map<number, SessionWire>();

  const api: JanusApi = {
    url,
    async info() {
      const answer = await send({ janus: 'info' }, 'an info request');
      if (answer.janus !== 'server_info') throw janusProtocolError(url, `info answered with "${answer.janus}"`);
      return answer;
    },
    async createSession() {
      const answer = await send({ janus: 'create' }, 'creating a session');
      if (answer.janus !== 'success' || !answer.data) throw janusProtocolError(url, 'create answered without an id');
      const session = createJanusSession(answer.data.id, {
        send,
        keepaliveMs,
        onProblem,
        protocolError: (problem) => janusProtocolError(url, problem),
        forget: (id) => sessions.delete(id),
      });
      sessions.set(answer.data.id, session.wire);
      return session.api;
    },
  };

  return {
    api,
    receive(text) {
      const frame = parseFrame(url, text);
      if ('message' in frame) return routeMessage(frame.message, { settle, sessions, onProblem });
      if (!settle(frame.transaction, frame.error)) onProblem(frame.error);
    },
    receiveBinary: () => onProblem(janusProtocolError(url, 'a binary frame')),
    closed() {
      failPending();
      for (const session of sessions.values()) session.ended('closed');
    },
  };
}
