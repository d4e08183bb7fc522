/** Whether a STUN server answers a Binding request over UDP: retransmitted (RFC 8489 §6.2.1) until `timeoutMs`. */
import { createSocket } from 'node:dgram';
import { decodeMessage, encodeRequest, Method, newTransactionId } from './stun-message';

export async function udpBindingAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const id = newTransactionId();
  const request = encodeRequest(Method.binding, id, []);
  let retransmit: NodeJS.Timeout | undefined;
  try {
    return await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => resolve(false), timeoutMs);
      socket.on('message', (data) => {
        try {
          if (!decodeMessage(data).transactionId.equals(id)) return;
        } catch {
          return;
        }
        clearTimeout(deadline);
        resolve(true);
      });
      // An ICMP port-unreachable surfaces as an error on some stacks: not an answer, keep asking.
      socket.on('error', () => undefined);
      let interval = 100;
      const send = () => {
        socket.send(request, port, host);
        retransmit = setTimeout(send, interval);
        interval *= 2;
      };
      socket.bind(0, send);
    });
  } finally {
    clearTimeout(retransmit);
    socket.close();
  }
}
