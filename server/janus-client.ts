/**
 * A small typed client for Janus's WebSocket API (janus-protocol) over `ws`: transactions with
 * timeouts, a keepalive per session (Janus ends sessions idle for session_timeout, 60 s by
 * default), and every message from Janus parsed with shared/janus.ts before it is acted on.
 * A message that fails the parse is reported through `onProblem` (and fails the request it
 * names), never acted on. Used by the signaling server (server/janus-rooms.ts).
 */
import WebSocket from 'ws';
import { errorMessage } from '../shared/error-message';
import {
  JANUS_PROTOCOL,
  janusMessageSchema,
  type JanusAuth,
  type JanusHandleEvent,
  type JanusMessage,
  type JanusServerInfo,
} from '../shared/janus';
import { JanusError, janusProtocolError, janusRefused, janusUnreachable } from './janus-errors';
import { createJanusSession, type JanusSession, type SessionWire } from './janus-session';
import { createTransactions } from './janus-transactions';

export type { JanusHandle, JanusSession } from './janus-session';

export interface JanusClientOptions {
  /** Janus's WebSocket API, e.g. ws://127.0.0.1:8188. */
  url: string;
  /** Credentials for each request, asked per request so a signed token can always be fresh. */
  auth?: () => JanusAuth;
  /** How long a request may wait for its answer. Default 10 s. */
  requestTimeoutMs?: number;
  /** Keepalive period per session; keep it under Janus's session_timeout. Default 25 s. */
  keepaliveMs?: number;
  /** How long opening the WebSocket may take. Default 10 s. */
  connectTimeoutMs?: number;
  /** Told about what went wrong outside a request: unparseable messages, failed keepalives. */
  onProblem?: (error: JanusError) => void;
}

export interface JanusClient {
  readonly url: string;
  info(): Promise<JanusServerInfo>;
  createSession(): Promise<JanusSession>;
  /** Closes the WebSocket; pending requests fail, sessions end (Janus ends them too). */
  close(): Promise<void>;
  /** Resolves once the WebSocket has closed, whoever closed it. */
  readonly closed: Promise<void>;
}

/** Largest message we accept from Janus; a room list of hundreds of rooms is far below it. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

function openSocket(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, JANUS_PROTOCOL, { handshakeTimeout: timeoutMs, maxPayload: MAX_MESSAGE_BYTES });
    ws.once('open', () => {
      ws.removeAllListeners('error');
      resolve(ws);
    });
    ws.once('error', (error) => reject(janusUnreachable(url, errorMessage(error))));
  });
}

function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
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

export async function connectJanus(options: JanusClientOptions): Promise<JanusClient> {
  const { url, requestTimeoutMs = 10_000, keepaliveMs = 25_000, connectTimeoutMs = 10_000 } = options;
  const auth = options.auth ?? (() => ({}));
  const onProblem = options.onProblem ?? (() => undefined);
  const ws = await openSocket(url, connectTimeoutMs);
  const { send, settle, close: failPending } = createTransactions(ws, { url, timeoutMs: requestTimeoutMs, auth });
  const sessions = new Map<number, SessionWire>();
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  let isClosed = false;

  function onMessage(text: string) {
    const frame = parseFrame(url, text);
    if ('message' in frame) return routeMessage(frame.message, { settle, sessions, onProblem });
    if (!settle(frame.transaction, frame.error)) onProblem(frame.error);
  }

  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) onProblem(janusProtocolError(url, 'a binary frame'));
    else onMessage(textOf(data));
  });
  ws.on('error', (error) => onProblem(janusUnreachable(url, errorMessage(error))));
  ws.once('close', () => {
    isClosed = true;
    failPending();
    for (const session of sessions.values()) session.ended('closed');
  });

  return {
    url,
    closed,
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
    async close() {
      if (!isClosed) ws.close(1000, 'done');
      await closed;
    },
  };
}
