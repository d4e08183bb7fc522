/**
 * One STUN Binding over TCP (RFC 8489 §6.2.2): asked only when no server
 * answered over UDP, to tell "UDP is blocked" (a server answers over TCP) from
 * "the servers are unreachable" (none answers at all).
 */
import { connect } from 'node:net';
import { bindingRequest, newTransactionId, readBindingAnswer } from './nat-stun';

const HEADER = 20;

export function tcpBindingAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const id = newTransactionId();
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (answered: boolean) => {
      clearTimeout(deadline);
      socket.destroy();
      resolve(answered);
    };
    const deadline = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => socket.write(bindingRequest(id)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < HEADER) return;
      const length = HEADER + received.readUInt16BE(2);
      if (received.length < length) return;
      try {
        // Any well-formed answer, even an error, means STUN over TCP reaches the server.
        readBindingAnswer(received.subarray(0, length), id);
        finish(true);
      } catch {
        finish(false);
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
