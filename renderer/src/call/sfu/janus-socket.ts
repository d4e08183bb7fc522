/**
 * Janus's WebSocket API from the renderer: the browser's WebSocket carrying the connection in
 * shared/janus-connection.ts (transactions, keepalives, every message parsed with zod). The
 * person's tokens come from their admission (shared/janus.ts JanusAdmission) and go on every
 * request; nothing else is sent with them.
 */
import { JANUS_PROTOCOL, type JanusAuth } from '../../../../shared/janus';
import { createJanusConnection, type JanusApi } from '../../../../shared/janus-connection';
import { janusUnreachable, type JanusError } from '../../../../shared/janus-errors';

export interface JanusSocket extends JanusApi {
  /** Closes the socket: requests in flight fail, sessions end (Janus ends them too). */
  close(): void;
  /** Resolves once the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;
}

export interface JanusSocketOptions {
  url: string;
  auth: () => JanusAuth;
  keepaliveMs?: number;
  requestTimeoutMs?: number;
  onProblem?: (error: JanusError) => void;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, JANUS_PROTOCOL);
    ws.addEventListener('open', () => resolve(ws), { once: true });
    // The browser gives no reason for a failed WebSocket; the close code is all there is.
    ws.addEventListener('close', (e) => reject(janusUnreachable(url, `WebSocket closed, code ${e.code}`)), {
      once: true,
    });
  });
}

export async function openJanusSocket(options: JanusSocketOptions): Promise<JanusSocket> {
  const ws = await open(options.url);
  const connection = createJanusConnection(
    {
      send(text, failed) {
        if (ws.readyState !== WebSocket.OPEN) return failed();
        ws.send(text);
      },
    },
    options,
  );
  const closed = new Promise<void>((resolve) =>
    ws.addEventListener(
      'close',
      () => {
        connection.closed();
        resolve();
      },
      { once: true },
    ),
  );
  ws.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (typeof e.data === 'string') connection.receive(e.data);
    else connection.receiveBinary();
  });
  return { ...connection.api, closed, close: () => ws.close(1000, 'done') };
}
