/**
 * A small TURN client (RFC 8656) for tests against a real coturn: Allocate
 * with TURN REST credentials (the 401 → realm/nonce → signed retry dance, a
 * stale nonce answered once more), for an IPv4 or IPv6 relay
 * (REQUESTED-ADDRESS-FAMILY, RFC 6156), then CreatePermission for any peer
 * address, reporting the server's answer code. A permission only installs a
 * rule on the server: no packet goes to the peer. Over UDP or TLS (STUN over a
 * stream: messages back to back, each framed by its own length).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { turnRestPassword } from '../../shared/ice/ice-provider-shared-secret';
import {
  Attr,
  attribute,
  decodeMessage,
  encodeRequest,
  errorCode,
  messageLength,
  Method,
  newTransactionId,
  readXorAddress,
  textAttribute,
  u32Attribute,
  xorAddress,
  type Credentials,
  type StunAttribute,
  type StunMessage,
} from './stun-message';

export interface TurnClientOptions {
  host: string;
  port: number;
  transport: 'udp' | 'tls';
  /** The coturn `static-auth-secret`: the client mints its own TURN REST credentials with it. */
  secret: string;
  /** Default 'traverse-test'. */
  user?: string;
  /** When the credentials expire, in Unix seconds (part of the user name); default 10 minutes from now. */
  expiresAt?: number;
  /** The LIFETIME to ask for, in seconds; default 600. */
  lifetime?: number;
  /** How long one request may take, retransmits included (UDP). Default 10 s. */
  timeoutMs?: number;
}

/** What the server answered: 200 for success, else its ERROR-CODE (403 Forbidden IP, 443 family mismatch…). */
export interface TurnAnswer {
  code: number;
  reason: string;
}

export interface TurnAllocation {
  family: 4 | 6;
  relayed: { address: string; port: number };
  /** The lifetime the server granted, in seconds. */
  lifetime: number;
  /** CreatePermission for `peer` (a permission has no port; the attribute carries 9, discard). */
  permit(peer: string): Promise<TurnAnswer>;
  /** Deletes the allocation (Refresh with LIFETIME 0) and closes the socket. */
  close(): Promise<void>;
}

interface Wire {
  send(data: Buffer): void;
  onMessage(listener: (data: Buffer) => void): void;
  close(): void;
}

async function udpWire(host: string, port: number): Promise<Wire> {
  const socket: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  return {
    send: (data) => socket.send(data, port, host),
    onMessage: (listener) => socket.on('message', listener),
    close: () => socket.close(),
  };
}

async function tlsWire(host: string, port: number): Promise<Wire> {
  // The test's certificate is self-signed: what is tested is coturn's config, not the PKI.
  const socket: TLSSocket = tlsConnect({ host, port, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  const listeners: ((data: Buffer) => void)[] = [];
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let length = messageLength(pending); length !== null && pending.length >= length;) {
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      for (const listener of listeners) listener(message);
      length = messageLength(pending);
    }
  });
  socket.on('error', () => socket.destroy());
  return { send: (data) => socket.write(data), onMessage: (l) => listeners.push(l), close: () => socket.destroy() };
}

/** One allocation over its own socket (one 5-tuple holds one allocation). */
export async function allocateTurn(options: TurnClientOptions & { family: 4 | 6 }): Promise<TurnAllocation> {
  const { host, port, transport, secret, family, timeoutMs = 10_000 } = options;
  const wire = transport === 'udp' ? await udpWire(host, port) : await tlsWire(host, port);
  const waiting = new Map<string, (message: StunMessage) => void>();
  wire.onMessage((data) => {
    const message = decodeMessage(data);
    waiting.get(message.transactionId.toString('hex'))?.(message);
  });

  /** One transaction: retransmitted over UDP (RFC 8489 §6.2.1, from 250 ms, doubling) until answered. */
  function transact(method: number, build: (id: Buffer) => Buffer): Promise<StunMessage> {
    const id = newTransactionId();
    const key = id.toString('hex');
    const request = build(id);
    return new Promise((resolve, reject) => {
      let interval = 250;
      let retransmit: NodeJS.Timeout | undefined;
      const send = () => {
        wire.send(request);
        if (transport !== 'udp') return;
        retransmit = setTimeout(send, interval);
        interval *= 2;
      };
      const deadline = setTimeout(() => {
        waiting.delete(key);
        clearTimeout(retransmit);
        reject(
          new Error(`TURN server ${host}:${port} (${transport}) did not answer method ${method} in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      waiting.set(key, (message) => {
        waiting.delete(key);
        clearTimeout(retransmit);
        clearTimeout(deadline);
        resolve(message);
      });
      send();
    });
  }

  const expiresAt = options.expiresAt ?? Math.floor(Date.now() / 1000) + 600;
  const username = `${expiresAt}:${options.user ?? 'traverse-test'}`;
  const password = await turnRestPassword(secret, username);
  let credentials: Credentials | null = null;
  let nonce = '';

  const answerOf = (message: StunMessage): TurnAnswer =>
    message.kind === 'success'
      ? { code: 200, reason: 'OK' }
      : (errorCode(message) ?? { code: 0, reason: 'no ERROR-CODE' });

  /** A signed request; a 438 Stale Nonce is answered once with the new nonce (RFC 8489 §9.2.5). */
  async function signed(method: number, attributes: (id: Buffer) => StunAttribute[]): Promise<StunMessage> {
    for (let attempt = 0; ; attempt += 1) {
      if (!credentials) throw new Error('No realm yet: allocate first');
      const auth = credentials;
      const identity = [Attr.username, Attr.realm, Attr.nonce] as const;
      const values = [auth.username, auth.realm, nonce];
      const answer = await transact(method, (id) =>
        encodeRequest(
          method,
          id,
          [...attributes(id), ...identity.map((type, i) => textAttribute(type, values[i]!))],
          auth,
        ),
      );
      const newNonce = attribute(answer, Attr.nonce);
      if (answer.kind === 'error' && errorCode(answer)?.code === 438 && newNonce && attempt === 0) {
        nonce = newNonce.toString('utf8');
        continue;
      }
      return answer;
    }
  }

  try {
    const attributes = [
      u32Attribute(Attr.requestedTransport, 17 << 24), // UDP
      u32Attribute(Attr.requestedAddressFamily, (family === 4 ? 0x01 : 0x02) << 24),
      u32Attribute(Attr.lifetime, options.lifetime ?? 600),
    ];
    const challenge = await transact(Method.allocate, (id) => encodeRequest(Method.allocate, id, attributes));
    const realm = attribute(challenge, Attr.realm)?.toString('utf8');
    const challengeNonce = attribute(challenge, Attr.nonce)?.toString('utf8');
    if (errorCode(challenge)?.code !== 401 || !realm || !challengeNonce)
      throw new Error(`Expected a 401 with realm and nonce, got ${JSON.stringify(answerOf(challenge))}`);
    credentials = { username, realm, password };
    nonce = challengeNonce;
    const answer = await signed(Method.allocate, () => attributes);
    const relayed = attribute(answer, Attr.xorRelayedAddress);
    if (answer.kind !== 'success' || !relayed) {
      const { code, reason } = answerOf(answer);
      throw new Error(`Allocate (IPv${family}) refused: ${code} ${reason}`);
    }
    const { address, port: relayedPort } = readXorAddress(relayed, answer.transactionId);
    return {
      family,
      relayed: { address, port: relayedPort },
      lifetime: attribute(answer, Attr.lifetime)?.readUInt32BE(0) ?? 0,
      permit: async (peer) =>
        answerOf(
          await signed(Method.createPermission, (id) => [
            { type: Attr.xorPeerAddress, value: xorAddress(peer, 9, id) },
          ]),
        ),
      close: async () => {
        try {
          await signed(Method.refresh, () => [u32Attribute(Attr.lifetime, 0)]);
        } finally {
          wire.close();
        }
      },
    };
  } catch (error) {
    wire.close();
    throw error;
  }
}
