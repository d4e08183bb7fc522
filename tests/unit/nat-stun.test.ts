/**
 * The NAT probe reads STUN answers from the network strictly: a good Binding
 * answer is read (XOR-MAPPED-ADDRESS, OTHER-ADDRESS), and a datagram that is
 * short, mislabelled, for another request or overruns itself is refused.
 */
import { describe, expect, it } from 'vitest';
import { filteringFrom, mappingFrom } from '../../electron/core/nat-classify';
import { bindingRequest, newTransactionId, readBindingAnswer } from '../../electron/core/nat-stun';
import { Attr, xorAddress } from '../support/stun-message';

const OTHER_ADDRESS = 0x802c;
const XOR_MAPPED = 0x0020;

/** A Binding success response as a server writes it. */
function answer(id: Buffer, attributes: { type: number; value: Buffer }[], type = 0x0101): Buffer {
  const body = Buffer.concat(
    attributes.map(({ type: t, value }) => {
      const out = Buffer.alloc(4 + ((value.length + 3) & ~3));
      out.writeUInt16BE(t, 0);
      out.writeUInt16BE(value.length, 2);
      value.copy(out, 4);
      return out;
    }),
  );
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(0x2112a442, 4);
  id.copy(header, 8);
  return Buffer.concat([header, body]);
}

const plainAddress = (a: number[], port: number) => {
  const out = Buffer.alloc(8);
  out[1] = 1;
  out.writeUInt16BE(port, 2);
  Buffer.from(a).copy(out, 4);
  return out;
};

describe('STUN Binding answers, read strictly', () => {
  const id = newTransactionId();
  const good = answer(id, [
    { type: XOR_MAPPED, value: xorAddress('198.51.100.2', 40000, id) },
    { type: OTHER_ADDRESS, value: plainAddress([198, 51, 100, 101], 3479) },
  ]);

  it('reads the public address and the other address of a well-formed answer', () => {
    expect(readBindingAnswer(good, id)).toEqual({
      kind: 'success',
      mapped: { address: '198.51.100.2', port: 40000 },
      otherAddress: { address: '198.51.100.101', port: 3479 },
      responseOrigin: null,
    });
  });

  it('reads an IPv6 public address in its short form', () => {
    const v6 = answer(id, [{ type: XOR_MAPPED, value: xorAddress('2001:db8::1', 5000, id) }]);
    expect(readBindingAnswer(v6, id)).toMatchObject({ mapped: { address: '2001:db8::1', port: 5000 } });
  });

  it('refuses an answer to another request, a wrong length, an overrunning attribute, a non-answer', () => {
    expect(() => readBindingAnswer(good, newTransactionId())).toThrow('another request');
    expect(() => readBindingAnswer(good.subarray(0, good.length - 4), id)).toThrow('does not match');
    const overrun = Buffer.from(good);
    overrun.writeUInt16BE(200, 22); // the first attribute claims 200 bytes
    expect(() => readBindingAnswer(overrun, id)).toThrow('past the end');
    expect(() => readBindingAnswer(bindingRequest(id), id)).toThrow('not a Binding answer');
    expect(() => readBindingAnswer(Buffer.alloc(12), id)).toThrow('not a STUN message');
  });

  it('refuses a success without a usable public address (zod: mapped is required)', () => {
    const badFamily = Buffer.from(xorAddress('198.51.100.2', 40000, id));
    badFamily[1] = 7;
    expect(() => readBindingAnswer(answer(id, [{ type: XOR_MAPPED, value: badFamily }]), id)).toThrow();
    expect(() => readBindingAnswer(answer(id, []), id)).toThrow();
  });

  it('reads an error answer as its code and reason', () => {
    const value = Buffer.concat([Buffer.from([0, 0, 4, 20]), Buffer.from('Unknown Attribute')]);
    expect(readBindingAnswer(answer(id, [{ type: Attr.errorCode, value }], 0x0111), id)).toEqual({
      kind: 'error',
      code: 420,
      reason: 'Unknown Attribute',
    });
  });
});

describe('RFC 4787 words from observations', () => {
  const at = (address: string, port: number) => ({ address, port });
  it('mapping: same public port everywhere, per address, per address and port, or unknown with one', () => {
    const pub = at('198.51.100.2', 1000);
    expect(mappingFrom([{ destination: at('10.0.0.1', 1), mapped: pub }])).toBe('unknown');
    expect(
      mappingFrom([
        { destination: at('10.0.0.1', 1), mapped: pub },
        { destination: at('10.0.0.2', 1), mapped: pub },
      ]),
    ).toBe('endpoint-independent');
    expect(
      mappingFrom([
        { destination: at('10.0.0.1', 1), mapped: pub },
        { destination: at('10.0.0.2', 1), mapped: at('198.51.100.2', 1001) },
      ]),
    ).toBe('dependent');
    const ii = { destination: at('10.0.0.2', 1), mapped: at('198.51.100.2', 1001) };
    const first = { destination: at('10.0.0.1', 1), mapped: pub };
    expect(mappingFrom([first, ii, { destination: at('10.0.0.2', 2), mapped: ii.mapped }])).toBe('address-dependent');
    expect(mappingFrom([first, ii, { destination: at('10.0.0.2', 2), mapped: at('198.51.100.2', 1002) }])).toBe(
      'address-and-port-dependent',
    );
  });

  it('filtering: an answer from the address asked means the server ignored CHANGE-REQUEST', () => {
    const primary = at('10.0.0.1', 3478);
    expect(filteringFrom(primary, { from: at('10.0.0.2', 3479) }, null)).toBe('endpoint-independent');
    expect(filteringFrom(primary, null, { from: at('10.0.0.1', 3479) })).toBe('address-dependent');
    expect(filteringFrom(primary, null, null)).toBe('address-and-port-dependent');
    expect(filteringFrom(primary, { from: primary }, null)).toBe('not-honoured');
  });
});
