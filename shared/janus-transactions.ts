/**
 * The requests in flight on one WebSocket to Janus: each sent with a fresh transaction id and the
 * credentials of the moment, and settled by the message that names it, by its timeout, or by the
 * connection closing.
 */
import type { JanusAuth, JanusMessage, JanusRequest } from './janus';
import { JanusError, janusClosed, janusRefused, janusTimeout } from './janus-errors';

interface Pending {
  what: string;
  /** keepalive is answered by `ack`; a plugin message's `ack` only says "working on it". */
  ackAnswers: boolean;
  resolve: (message: JanusMessage) => void;
  reject: (error: JanusError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Plain functions (no `this`), so they can be handed on one by one. */
export interface Transactions {
  /** Sends `request` (`what` names it in errors); resolves with its answer, rejects with Janus's refusal. */
  send: (request: JanusRequest, what: string, ackAnswers?: boolean) => Promise<JanusMessage>;
  /** Resolves or rejects the request `transaction` names; false when none waits for it. */
  settle: (transaction: string | undefined, answer: JanusMessage | JanusError) => boolean;
  /** The connection closed: every waiting request fails, and so does each one sent after. */
  close: () => void;
}

interface TransactionOptions {
  url: string;
  timeoutMs: number;
  auth: () => JanusAuth;
}

/** Where requests go: a WebSocket's text frames (`ws` on the server, the browser's WebSocket in the renderer). */
export interface JanusWire {
  /** Sends one text frame; calls `failed` if it could not be sent. */
  send(text: string, failed: () => void): void;
}

export function createTransactions(wire: JanusWire, options: TransactionOptions): Transactions {
  const { url, timeoutMs, auth } = options;
  const pending = new Map<string, Pending>();
  let isClosed = false;

  return {
    send(request, what, ackAnswers = false) {
      if (isClosed) return Promise.reject(janusClosed(url, what));
      const transaction = crypto.randomUUID();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(transaction);
          reject(janusTimeout(what, url, timeoutMs));
        }, timeoutMs);
        pending.set(transaction, { what, ackAnswers, resolve, reject, timer });
        wire.send(JSON.stringify({ ...request, ...auth(), transaction }), () => {
          clearTimeout(timer);
          pending.delete(transaction);
          reject(janusClosed(url, what));
        });
      });
    },
    settle(transaction, answer) {
      const entry = transaction === undefined ? undefined : pending.get(transaction);
      if (!entry || transaction === undefined) return false;
      if (!(answer instanceof JanusError) && answer.janus === 'ack' && !entry.ackAnswers) return true;
      clearTimeout(entry.timer);
      pending.delete(transaction);
      if (answer instanceof JanusError) entry.reject(answer);
      else if (answer.janus === 'error') entry.reject(janusRefused(entry.what, answer.error.code, answer.error.reason));
      else entry.resolve(answer);
      return true;
    },
    close() {
      isClosed = true;
      for (const [transaction, entry] of pending) {
        clearTimeout(entry.timer);
        pending.delete(transaction);
        entry.reject(janusClosed(url, entry.what));
      }
    },
  };
}
