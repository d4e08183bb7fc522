/**
 * Janus's WebSocket API over `ws` for the signaling server (server/janus-rooms.ts): opens the
 * socket and carries the connection in shared/janus-connection.ts, which does the rest.
 */
import WebSocket from 'ws';
import { errorMessage } from '../shared/error-message';
import { JANUS_PROTOCOL } from '../shared/janus';
import { createJanusConnection, type JanusApi, type JanusConnectionOptions } from '../shared/janus-connection';
import { janusUnreachable } from '../shared/janus-errors';

export type { JanusHandle, JanusSession } from '../shared/janus-session';

export interface JanusClientOptions extends JanusConnectionOptions {
  /** How long opening the WebSocket may take. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface JanusClient extends JanusApi {
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

export async function connectJanus(options: JanusClientOptions): Promise<JanusClient> {
  const { url, connectTimeoutMs = 10_000 } = options;
  const onProblem = options.onProblem ?? (() => undefined);
  const ws = await openSocket(url, connectTimeoutMs);
  const connection = createJanusConnection(
    { send: (text, failed) => ws.send(text, (error) => error && failed()) },
    { ...options, onProblem },
  );
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  let isClosed = false;

  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) connection.receiveBinary();
    else connection.receive(textOf(data));
  });
  ws.on('error', (error) => onProblem(janusUnreachable(url, errorMessage(error))));
  ws.once('close', () => {
    isClosed = true;
    connection.closed();
  });

  return {
    ...connection.api,
    closed,
    async close() {
      if (!isClosed) ws.close(1000, 'done');
      await closed;
    },
  };
}
