/**
 * STUN Binding requests over one UDP socket (Node dgram): the NAT maps that
 * socket's port, so every request of a mapping test must leave from the same
 * one. Answers are matched by transaction id, whoever sends them (a
 * CHANGE-REQUEST answer comes from the server's other address).
 */
import { createSocket, type Socket } from 'node:dgram';
import type { TransportAddress } from '../../shared/nat-behaviour';
import {
  bindingRequest,
  newTransactionId,
  readBindingAnswer,
  transactionIdOf,
  type BindingAnswer,
  type ChangeRequest,
} from './nat-stun';

/** First retransmission after this, then doubling (RFC 8489 §6.2.1, shortened: a probe, not a call). */
const FIRST_RTO_MS = 200;

export interface UdpAnswer {
  answer: BindingAnswer;
  /** Where the answer came from (for CHANGE-REQUEST: must be the other address or port). */
  from: TransportAddress;
  rttMs: number;
}

export interface StunUdpSocket {
  localPort: number;
  /** A Binding request to `to`, retransmitted until an answer or `timeoutMs`; null when none came. */
  ask(to: TransportAddress, timeoutMs: number, change?: ChangeRequest): Promise<UdpAnswer | null>;
  close(): void;
}

interface Waiting {
  id: Buffer;
  deliver(answer: BindingAnswer, from: TransportAddress): void;
}

export async function openStunUdp(family: 4 | 6): Promise<StunUdpSocket> {
  const socket: Socket = createSocket(family === 4 ? 'udp4' : 'udp6');
  const waiting = new Set<Waiting>();
  socket.on('message', (data, rinfo) => {
    const id = transactionIdOf(data);
    const match = id && [...waiting].find((w) => w.id.equals(id));
    if (!match) return;
    try {
      match.deliver(readBindingAnswer(data, match.id), { address: rinfo.address, port: rinfo.port });
    } catch {
      // A malformed answer is no answer: keep waiting for a good one (or the deadline).
    }
  });
  // An ICMP unreachable surfaces as a socket error on some stacks: not an answer, the deadline decides.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let closed = false;
  return {
    localPort: socket.address().port,
    ask: (to, timeoutMs, change) =>
      new Promise((resolve) => {
        const id = newTransactionId();
        const request = bindingRequest(id, change);
        const started = performance.now();
        let retransmit: NodeJS.Timeout | undefined;
        const finish = (result: UdpAnswer | null) => {
          clearTimeout(retransmit);
          clearTimeout(deadline);
          waiting.delete(entry);
          resolve(result);
        };
        const entry: Waiting = {
          id,
          deliver: (answer, from) => finish({ answer, from, rttMs: Math.round(performance.now() - started) }),
        };
        const deadline = setTimeout(() => finish(null), timeoutMs);
        waiting.add(entry);
        let interval = FIRST_RTO_MS;
        const send = () => {
          if (closed) return finish(null);
          socket.send(request, to.port, to.address);
          retransmit = setTimeout(send, interval);
          interval *= 2;
        };
        send();
      }),
    close: () => {
      closed = true;
      socket.close();
    },
  };
}
