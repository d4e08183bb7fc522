/**
 * STUN messages (RFC 8489) as tests need them to talk to a real TURN server:
 * encode a request with its attributes and long-term-credential
 * MESSAGE-INTEGRITY (HMAC-SHA1 keyed with MD5(user:realm:password)), decode a
 * response, and the XOR address encoding for IPv4 and IPv6 (XOR-PEER-ADDRESS,
 * XOR-RELAYED-ADDRESS). Nothing here sends a packet.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const INTEGRITY_BYTES = 24; // 4 header + 20 HMAC-SHA1

/** Method numbers (RFC 8656); a request's type is the method itself. */
export const Method = { binding: 0x001, allocate: 0x003, refresh: 0x004, createPermission: 0x008 } as const;

export const Attr = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedAddressFamily: 0x0017,
  requestedTransport: 0x0019,
} as const;

export interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  /** 'success' or 'error' response, or 'other' (a request or indication). */
  kind: 'success' | 'error' | 'other';
  method: number;
  transactionId: Buffer;
  attributes: StunAttribute[];
}

export interface Credentials {
  username: string;
  realm: string;
  password: string;
}

export const newTransactionId = (): Buffer => randomBytes(12);

const pad4 = (n: number) => (n + 3) & ~3;

function encodeAttributes(attributes: StunAttribute[]): Buffer {
  return Buffer.concat(
    attributes.map(({ type, value }) => {
      const out = Buffer.alloc(4 + pad4(value.length));
      out.writeUInt16BE(type, 0);
      out.writeUInt16BE(value.length, 2);
      value.copy(out, 4);
      return out;
    }),
  );
}

function header(method: number, bodyLength: number, transactionId: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  // Class bits 0 (request); the methods used here are below 16, so they need no bit shuffling.
  out.writeUInt16BE(method & 0x000f, 0);
  out.writeUInt16BE(bodyLength, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(out, 8);
  return out;
}

/** A request; with `credentials`, ends with MESSAGE-INTEGRITY over everything before it (RFC 8489 §14.5). */
export function encodeRequest(
  method: number,
  transactionId: Buffer,
  attributes: StunAttribute[],
  credentials?: Credentials,
): Buffer {
  const body = encodeAttributes(attributes);
  if (!credentials) return Buffer.concat([header(method, body.length, transactionId), body]);
  // The length in the header the HMAC covers already counts the MESSAGE-INTEGRITY attribute.
  const signed = Buffer.concat([header(method, body.length + INTEGRITY_BYTES, transactionId), body]);
  const key = createHash('md5').update(`${credentials.username}:${credentials.realm}:${credentials.password}`).digest();
  const hmac = createHmac('sha1', key).update(signed).digest();
  return Buffer.concat([signed, encodeAttributes([{ type: Attr.messageIntegrity, value: hmac }])]);
}

/** The length of the STUN message at the start of `data`, or null while its header is incomplete. */
export function messageLength(data: Buffer): number | null {
  return data.length < HEADER_BYTES ? null : HEADER_BYTES + data.readUInt16BE(2);
}

export function decodeMessage(data: Buffer): StunMessage {
  if (data.length < HEADER_BYTES || data.readUInt32BE(4) !== MAGIC_COOKIE)
    throw new Error(`Not a STUN message (${data.length} bytes)`);
  const type = data.readUInt16BE(0);
  const classBits = ((type >> 7) & 0x2) | ((type >> 4) & 0x1);
  const method = (type & 0x000f) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0f80);
  const end = Math.min(data.length, HEADER_BYTES + data.readUInt16BE(2));
  const attributes: StunAttribute[] = [];
  for (let at = HEADER_BYTES; at + 4 <= end;) {
    const length = data.readUInt16BE(at + 2);
    attributes.push({ type: data.readUInt16BE(at), value: data.subarray(at + 4, at + 4 + length) });
    at += 4 + pad4(length);
  }
  const kind = classBits === 2 ? 'success' : classBits === 3 ? 'error' : 'other';
  return { kind, method, transactionId: data.subarray(8, 20), attributes };
}

export const attribute = (message: StunMessage, type: number): Buffer | undefined =>
  message.attributes.find((a) => a.type === type)?.value;

export const textAttribute = (type: number, text: string): StunAttribute => ({
  type,
  value: Buffer.from(text, 'utf8'),
});

export function u32Attribute(type: number, value: number): StunAttribute {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return { type, value: out };
}

/** ERROR-CODE as `{ code: 403, reason: 'Forbidden IP' }`. */
export function errorCode(message: StunMessage): { code: number; reason: string } | null {
  const value = attribute(message, Attr.errorCode);
  if (!value || value.length < 4) return null;
  return { code: (value[2]! & 0x7) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/** The 16 bytes of an IPv6 address written any way `URL` accepts (`::ffff:127.0.0.1` too). */
function ipv6Bytes(address: string): Buffer {
  const hex = new URL(`http://[${address}]/`).hostname.slice(1, -1); // canonical: hex groups only
  const [head = '', tail] = hex.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

/** XOR-PEER-ADDRESS / XOR-RELAYED-ADDRESS value for `address:port` (RFC 8489 §14.2). */
export function xorAddress(address: string, port: number, transactionId: Buffer): Buffer {
  const family = isIP(address);
  if (family === 0) throw new Error(`Not an IP address: ${address}`);
  const raw = family === 4 ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address);
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4);
  const out = Buffer.alloc(4 + raw.length);
  out[1] = family === 4 ? 0x01 : 0x02;
  out.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  raw.forEach((byte, i) => (out[4 + i] = byte ^ mask[i]!));
  return out;
}

/** Decodes an XOR address value back to `{ family, address, port }` (the address in plain hex groups for IPv6). */
export function readXorAddress(value: Buffer, transactionId: Buffer): { family: 4 | 6; address: string; port: number } {
  const family = value[1] === 0x01 ? 4 : 6;
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4);
  const raw = Buffer.from(value.subarray(4).map((byte, i) => byte ^ mask[i]!));
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const address =
    family === 4
      ? [...raw].join('.')
      : new URL(`http://[${(raw.toString('hex').match(/.{4}/g) ?? []).join(':')}]/`).hostname.slice(1, -1);
  return { family, address, port };
}
