/**
 * `servers:resolve`'s logic with the resolver and interfaces passed in: which names are asked, what a
 * slow or failing lookup says, which addresses go into URLs, and what counts as this computer's IPv6.
 * tests/integration/server-addresses.test.ts runs it against this machine's real resolver.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hasOwnIpv6, resolveServerAddresses } from '../../electron/core/server-addresses';
import { serverAddressesSchema, serverHostNames } from '../../shared/server-addresses';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;
const noIpv6 = () => ({ lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)] });

describe('serverHostNames', () => {
  it('asks each name once, turns: included, never an IP address or an unparsable URL', () => {
    const names = serverHostNames([
      { urls: ['stun:Stun.Example.org', 'turn:turn.example.org:3478', 'turns:turn.example.org:443'] },
      { urls: ['turn:192.0.2.1:3478', 'turn:[2001:db8::1]:3478', 'https://web.example'] },
    ]);
    expect(names).toEqual(['stun.example.org', 'turn.example.org']);
  });
});

describe('hasOwnIpv6', () => {
  it('counts a global or unique-local IPv6 address, not loopback and not link-local', () => {
    expect(hasOwnIpv6(noIpv6())).toBe(false);
    expect(hasOwnIpv6({ eth0: [info('192.0.2.2', 'IPv4'), info('fe80::fc:ff:fe00:1', 'IPv6')] })).toBe(false);
    expect(hasOwnIpv6({ eth0: [info('fd00::2', 'IPv6')] })).toBe(true);
    expect(hasOwnIpv6({ eth0: [info('2001:db8::2', 'IPv6')] })).toBe(true);
  });
});

describe('resolveServerAddresses', () => {
  const servers = [{ urls: ['turn:turn.example.org:3478', 'stun:gone.example', 'stun:slow.example'] }];

  it('gives both families in the resolver order, and words a person can act on for each name that failed', async () => {
    const lookup = (host: string) => {
      if (host === 'turn.example.org')
        return Promise.resolve([
          { address: '2001:db8::1', family: 6 },
          { address: '192.0.2.1', family: 4 },
          { address: '192.0.2.1', family: 4 },
          { address: 'fe80::1%eth0', family: 6 },
        ]);
      if (host === 'gone.example')
        return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND gone.example'), { code: 'ENOTFOUND' }));
      return new Promise<never>(() => undefined);
    };
    const answer = await resolveServerAddresses(servers, { lookup, interfaces: noIpv6, timeoutMs: 50 });
    expect(serverAddressesSchema.parse(answer)).toEqual(answer);
    expect(answer).toEqual({
      hasIpv6: false,
      hosts: [
        {
          host: 'turn.example.org',
          addresses: [
            { address: '2001:db8::1', family: 6 },
            { address: '192.0.2.1', family: 4 },
          ],
          error: null,
        },
        {
          host: 'gone.example',
          addresses: [],
          error:
            'gone.example did not resolve (ENOTFOUND): neither DNS nor /etc/hosts knows the name; check its spelling in the URL',
        },
        {
          host: 'slow.example',
          addresses: [],
          error:
            "slow.example did not resolve within 0.05 s: this computer's DNS server is slow or unreachable; check the network connection, or put the server's IP address in the URL",
        },
      ],
    });
  });

  it('says when the DNS server did not answer (EAI_AGAIN)', async () => {
    const lookup = () => Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }));
    const answer = await resolveServerAddresses([{ urls: 'stun:a.example' }], { lookup, interfaces: noIpv6 });
    expect(answer.hosts[0]!.error).toContain("this computer's DNS server did not answer");
  });
});
