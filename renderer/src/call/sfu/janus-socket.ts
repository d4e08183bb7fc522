/**
 * Janus's WebSocket API from the renderer: the browser's WebSocket carrying the connection in
 * shared/janus-connection.ts (transactions, keepalives, every message parsed with zod). The
 * person's tokens come from their admission (shared/janus.ts JanusAdmission) and go on every
 * request; nothing else is sent with them.
 */
import { JANUS_PROTOCOL, type JanusAuth } from '../../../../shared/janus';
import { createJanusConnection, type JanusApi } from '../../../../shared/janus-connection';
import { janusBlockedByPolicy, janusUnreachable, type JanusError } from '../../../../shared/janus-errors';

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

/** How long opening the WebSocket may take before the join gives up on Janus. */
const OPEN_TIMEOUT_MS = 10_000;

/** Whether a CSP report's blocked URI is `url` (the browser normalizes it, and may cut it to its origin). */
function blocks(blockedUri: string, url: string): boolean {
  const parsed = URL.parse(url);
  if (!parsed) return blockedUri === url;
  return [parsed.href, parsed.origin, `${parsed.origin}/`].includes(blockedUri);
}

/**
 * Opens the WebSocket, or rejects with why not. A connection the page's CSP refuses fires
 * 'securitypolicyviolation' (first) and 'error' but never 'close' (Chromium), so every ending counts.
 */
function open(url: string, timeoutMs = OPEN_TIMEOUT_MS): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, JANUS_PROTOCOL);
    const onViolation = (e: SecurityPolicyViolationEvent) => {
      if (blocks(e.blockedURI, url)) done(janusBlockedByPolicy(url));
    };
    const timer = setTimeout(() => done(janusUnreachable(url, `no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const done = (error?: JanusError) => {
      clearTimeout(timer);
      document.removeEventListener('securitypolicyviolation', onViolation);
      ws.removeEventListener('error', onError);
      ws.removeEventListener('close', onClose);
      if (!error) return resolve(ws);
      ws.close();
      reject(error);
    };
    // The browser gives no reason for a failed WebSocket; the close code is all there is.
    const onError = () => done(janusUnreachable(url, 'the WebSocket failed'));
    const onClose = (e: CloseEvent) => done(janusUnreachable(url, `WebSocket closed, code ${e.code}`));
    document.addEventListener('securitypolicyviolation', onViolation);
    ws.addEventListener('open', () => done(), { once: true });
    ws.addEventListener('error', onError);
    ws.addEventListener('close', onClose);
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
