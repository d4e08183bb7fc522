/**
 * STUN Binding over the wire for the NAT probe (RFC 8489, RFC 5780): the
 * request, optionally with CHANGE-REQUEST, and a strict reading of the answer.
 * Every byte from the network is checked (header, length, cookie, transaction,
 * attribute bounds, address families), and what is read is then parsed with zod.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { transportAddressSchema, type TransportAddress } from '../../shared/nat-behaviour';

const MAGIC_COOKIE = 0x2112a442;
const HEADER = 20;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const BINDING_ERROR = 0x0111;
const ATTR = {
  mappedAddress: 0x0001,
  changeRequest: 0x0003,
  errorCode: 0x0009,
  xorMappedAddress: 0x0020,
  responseOrigin: 0x802b,
  otherAddress: 0x802c,
} as const;

export interface ChangeRequest {
  ip: boolean;
  port: boolean;
}

export const newTransactionId = (): Buffer => randomBytes(12);

/** A Binding request; with `change`, asks the server to answer from its other address and/or port (RFC 5780 §7.2). */
export function bindingRequest(transactionId: Buffer, change?: ChangeRequest): Buffer {
  const body = change ? Buffer.alloc(8) : Buffer.alloc(0);
  if (change) {
    body.writeUInt16BE(ATTR.changeRequest, 0);
    body.writeUInt16BE(4, 2);
    body.writeUInt32BE((change.ip ? 0x4 : 0) | (change.port ? 0x2 : 0), 4);
  }
  const header = Buffer.alloc(HEADER);
  header.writeUInt16BE(BINDING_REQUEST, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  return Buffer.concat([header, body]);
}

/** The transaction id of a datagram that looks like a STUN message, else null (not ours to read). */
export function transactionIdOf(data: Buffer): Buffer | null {
  if (data.length < HEADER || (data[0]! & 0xc0) !== 0 || data.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  return data.subarray(8, HEADER);
}

const bindingAnswerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('success'),
      mapped: transportAddressSchema,
      otherAddress: transportAddressSchema.nullable(),
      responseOrigin: transportAddressSchema.nullable(),
    })
    .strict(),
  z
    .object({ kind: z.literal('error'), code: z.number().int().min(300).max(699), reason: z.string().max(763) })
    .strict(),
]);
export type BindingAnswer = z.infer<typeof bindingAnswerSchema>;

/** The short form of an IPv6 address (as os.networkInterfaces() writes it), through the WHATWG URL parser. */
export const canonicalIpv6 = (address: string): string => new URL(`http://[${address}]/`).hostname.slice(1, -1);

function readAddress(value: Buffer, xorWith: Buffer | null): TransportAddress | null {
  const family = value.length >= 4 ? value[1] : undefined;
  if (value[0] !== 0 || !((family === 1 && value.length === 8) || (family === 2 && value.length === 20))) return null;
  const raw = Buffer.from(value.subarray(4));
  let port = value.readUInt16BE(2);
  if (xorWith) {
    port ^= MAGIC_COOKIE >>> 16;
    raw.forEach((byte, i) => (raw[i] = byte ^ xorWith[i]!));
  }
  const address =
    family === 1 ? [...raw].join('.') : canonicalIpv6((raw.toString('hex').match(/.{4}/g) ?? []).join(':'));
  const parsed = transportAddressSchema.safeParse({ address, port });
  return parsed.success ? parsed.data : null;
}

/** The attributes of a message whose header was checked; null when one runs past the end. */
function attributes(data: Buffer): Map<number, Buffer> | null {
  const found = new Map<number, Buffer>();
  for (let at = HEADER; at < data.length;) {
    if (at + 4 > data.length) return null;
    const type = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 2);
    const end = at + 4 + length;
    if (end > data.length) return null;
    // The first of a repeated attribute counts (RFC 8489 §14).
    if (!found.has(type)) found.set(type, data.subarray(at + 4, end));
    at = end + ((4 - (length % 4)) % 4);
  }
  return found;
}

/**
 * Reads the answer to the Binding request `transactionId`. Throws, saying why,
 * when the datagram is not a well-formed Binding answer to that request.
 */
export function readBindingAnswer(data: Buffer, transactionId: Buffer): BindingAnswer {
  const id = transactionIdOf(data);
  if (!id) throw new Error('not a STUN message');
  if (!id.equals(transactionId)) throw new Error('an answer to another request');
  const length = data.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER + length !== data.length)
    throw new Error(`a STUN message whose length (${length}) does not match the datagram (${data.length} bytes)`);
  const type = data.readUInt16BE(0);
  if (type !== BINDING_SUCCESS && type !== BINDING_ERROR)
    throw new Error(`not a Binding answer (type 0x${type.toString(16)})`);
  const found = attributes(data);
  if (!found) throw new Error('a STUN attribute runs past the end of the message');
  if (type === BINDING_ERROR) {
    const value = found.get(ATTR.errorCode);
    const code = value && value.length >= 4 ? (value[2]! & 0x7) * 100 + value[3]! : 0;
    return bindingAnswerSchema.parse({ kind: 'error', code, reason: value?.subarray(4).toString('utf8') ?? '' });
  }
  const xorMask = Buffer.alloc(16);
  xorMask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(xorMask, 4);
  const xorMapped = found.get(ATTR.xorMappedAddress);
  const plainMapped = found.get(ATTR.mappedAddress);
  const mapped = xorMapped ? readAddress(xorMapped, xorMask) : plainMapped ? readAddress(plainMapped, null) : null;
  const other = found.get(ATTR.otherAddress);
  const origin = found.get(ATTR.responseOrigin);
  return bindingAnswerSchema.parse({
    kind: 'success',
    mapped,
    otherAddress: other ? readAddress(other, null) : null,
    responseOrigin: origin ? readAddress(origin, null) : null,
  });
}
