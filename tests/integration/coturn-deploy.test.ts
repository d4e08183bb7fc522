/**
 * deploy/turnserver.conf on Debian's real coturn: the file as an operator copies
 * it, with only its ports, certificate, secret and listening addresses
 * substituted, refuses a TURN permission (403) for every private, loopback,
 * link-local and IPv4-in-IPv6 address, on an IPv4 and an IPv6 allocation, and
 * allows public ones. Next to it, the README's earlier `denied-peer-ip` lines
 * (issue 14, finding 2): on coturn before 4.9.0 they let ::ffff:127.0.0.1 and
 * friends through; the expectations follow the version found, so this suite
 * says what the installed coturn does rather than what we hope.
 *
 * CreatePermission only installs a rule in coturn; nothing is sent to the peer,
 * so naming 8.8.8.8 sends no packet off this machine (and no Send indication or
 * ChannelBind is made here). Every packet goes to coturn on 127.0.0.1.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coturnVersion,
  onFreshPorts,
  startCoturnWithConfig,
  versionAtLeast,
  type ConfiguredCoturn,
} from '../support/coturn';
import { freeTcpUdpPort } from '../support/ports';
import { makeSelfSignedCert, type TlsCert } from '../support/tls-cert';
import { allocateTurn, type TurnAnswer } from '../support/turn-client';

/** coturn 4.9.0 looks inside ::ffff:a.b.c.d for its IPv4 ranges and loopback check (CVE-2026-27624). */
const MAPPED_FIXED_IN = [4, 9, 0] as const;
/** coturn 4.13.1 does the same for ::a.b.c.d, 64:ff9b::/96 and 2002::/16 (coturn PR 1945). */
const EMBEDDED_FIXED_IN = [4, 13, 1] as const;

/** The README's "Deploying a TURN server" lines before deploy/ existed, as the issue tried them. */
const README_BEFORE = `
fingerprint
use-auth-secret
static-auth-secret=CHANGE-ME
realm=turn.example.org
no-multicast-peers
no-cli
denied-peer-ip=0.0.0.0-0.255.255.255
denied-peer-ip=10.0.0.0-10.255.255.255
denied-peer-ip=100.64.0.0-100.127.255.255
denied-peer-ip=127.0.0.0-127.255.255.255
denied-peer-ip=169.254.0.0-169.254.255.255
denied-peer-ip=172.16.0.0-172.31.255.255
denied-peer-ip=192.0.0.0-192.0.0.255
denied-peer-ip=192.168.0.0-192.168.255.255
denied-peer-ip=198.18.0.0-198.19.255.255
denied-peer-ip=::1
denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff
user-quota=12
total-quota=1200
listening-port=3478
min-port=49152
max-port=65535
no-tls
`;

const DENIED_V4 = ['127.0.0.1', '10.0.0.1', '169.254.169.254', '100.64.0.1', '192.168.1.1', '172.16.0.1', '0.0.0.1'];
const DENIED_V4_EXTRA = ['192.0.2.1', '198.51.100.1', '203.0.113.1', '224.0.0.1', '240.0.0.1', '255.255.255.255'];
/** IPv6 spellings of IPv4 addresses: each one reaches the IPv4 address through the kernel, NAT64 or 6to4. */
const MAPPED = ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254'];
const EMBEDDED = ['64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::1', '::169.254.169.254'];
const DENIED_V6 = ['::1', 'fc00::1', 'fe80::1', 'ff02::1', '2001:db8::1', '2001::1', '100::1', 'fec0::1', '3fff::1'];
/** Globally reachable, and each just outside a denied range (100.64/10, 172.16/12, 2001::/23, 2002::/16). */
const PUBLIC_V4 = ['8.8.8.8', '100.128.0.1', '172.32.0.1', '11.0.0.1'];
const PUBLIC_V6 = ['2001:4860:4860::8888', '2001:200::1', '2003::1', '2606:4700:4700::1111'];

interface Running {
  coturn: ConfiguredCoturn;
  port: number;
  tlsPort: number;
  secret: string;
}

/**
 * `template` with `key=value` lines replaced (each key must be there exactly
 * once, so a renamed key fails here instead of going unsubstituted) and
 * test-only lines appended.
 */
function substitute(template: string, values: Record<string, string>, appended: string[]): string {
  let text = template;
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=.*$`, 'gm');
    const found = text.match(line)?.length ?? 0;
    if (found !== 1) throw new Error(`Expected one "${key}=" line in the template, found ${found}`);
    text = text.replace(line, `${key}=${value}`);
  }
  return `${text}\n# --- test only ---\n${appended.join('\n')}\n`;
}

/** coturn with `template`, on fresh ports (fresh again if its UDP port was taken meanwhile). */
const start = (template: string, cert: TlsCert | null) => onFreshPorts(() => startOnce(template, cert));

async function startOnce(template: string, cert: TlsCert | null): Promise<Running> {
  const [port, tlsPort] = [await freeTcpUdpPort(), await freeTcpUdpPort()];
  const secret = `deploy-test-${Math.random().toString(36).slice(2)}`;
  const minPort = 20000 + Math.floor(Math.random() * 400) * 100;
  const config = substitute(
    template,
    {
      'listening-port': String(port),
      'static-auth-secret': secret,
      'min-port': String(minPort),
      'max-port': String(minPort + 99),
      ...(cert ? { 'tls-listening-port': String(tlsPort), cert: cert.cert, pkey: cert.key } : {}),
    },
    // Loopback only, both families, so IPv6 allocations exist; coturn's log to our pipe.
    ['listening-ip=127.0.0.1', 'listening-ip=::1', 'relay-ip=127.0.0.1', 'relay-ip=::1'].concat([
      'log-file=stdout',
      'simple-log',
      'verbose',
    ]),
  );
  const coturn = await startCoturnWithConfig(config, { host: '127.0.0.1', port });
  return { coturn, port, tlsPort, secret };
}

/** Each peer's answer to CreatePermission from one allocation of `family`. */
async function permissions(server: Running, family: 4 | 6, peers: string[]): Promise<Record<string, number>> {
  const allocation = await allocateTurn({
    host: '127.0.0.1',
    port: server.port,
    transport: 'udp',
    secret: server.secret,
    family,
  });
  try {
    expect(allocation.relayed.address).toBe(family === 4 ? '127.0.0.1' : '::1');
    const answers: Record<string, number> = {};
    for (const peer of peers) answers[peer] = ((await allocation.permit(peer)) satisfies TurnAnswer).code;
    return answers;
  } finally {
    await allocation.close();
  }
}

const all = (peers: readonly string[], code: number) => Object.fromEntries(peers.map((p) => [p, code]));

let version: [number, number, number];
let cert: TlsCert;
beforeAll(async () => {
  version = await coturnVersion();
  cert = await makeSelfSignedCert();
});
afterAll(() => cert?.remove());

describe("the README's earlier denied-peer-ip lines (finding 2, reproduced)", () => {
  let server: Running;
  beforeAll(async () => (server = await start(README_BEFORE, null)));
  afterAll(() => server?.coturn.stop());

  it(`on an IPv6 allocation, IPv4-mapped peers get a permission on coturn < ${MAPPED_FIXED_IN.join('.')}, NAT64 and 6to4 ones before ${EMBEDDED_FIXED_IN.join('.')}`, async () => {
    const mapped = versionAtLeast(version, MAPPED_FIXED_IN) ? 403 : 200;
    const embedded = versionAtLeast(version, EMBEDDED_FIXED_IN) ? 403 : 200;
    console.info(`coturn ${version.join('.')}: mapped peers expected ${mapped}, NAT64/6to4 ${embedded}`);
    expect(await permissions(server, 6, [...MAPPED, ...EMBEDDED, '::1', 'fc00::1', '2001:4860:4860::8888'])).toEqual({
      ...all(MAPPED, mapped),
      ...all(EMBEDDED, embedded),
      '::1': 403,
      'fc00::1': 403,
      '2001:4860:4860::8888': 200,
    });
  });

  it('its IPv4 lines hold on an IPv4 allocation', async () => {
    expect(await permissions(server, 4, ['127.0.0.1', '10.0.0.1', '169.254.169.254', '8.8.8.8'])).toEqual({
      ...all(['127.0.0.1', '10.0.0.1', '169.254.169.254'], 403),
      '8.8.8.8': 200,
    });
  });
});

describe('deploy/turnserver.conf on the installed coturn', () => {
  let server: Running;
  beforeAll(async () => {
    const template = await readFile(new URL('../../deploy/turnserver.conf', import.meta.url), 'utf8');
    expect(template).not.toMatch(/^\s*(allow-loopback-peers|allowed-peer-ip)/m);
    server = await start(template, cert);
  });
  afterAll(() => server?.coturn.stop());

  it('an IPv6 allocation: every IPv4-in-IPv6 spelling, loopback, private and reserved IPv6 address is refused with 403; public ones are allowed', async () => {
    const denied = [...MAPPED, ...EMBEDDED, ...DENIED_V6];
    expect(await permissions(server, 6, [...denied, ...PUBLIC_V6])).toEqual({
      ...all(denied, 403),
      ...all(PUBLIC_V6, 200),
    });
    // Refused by the list itself, not only by coturn's built-in loopback check.
    await server.coturn.waitForLog(/A peer IP ::ffff:127\.0\.0\.1 denied in the range: ::ffff:0\.0\.0\.0/);
  });

  it('an IPv4 allocation: private, loopback, link-local, CGNAT, documentation, multicast and reserved addresses get 403; public ones 200; IPv6 peers are refused', async () => {
    const denied = [...DENIED_V4, ...DENIED_V4_EXTRA];
    const answers = await permissions(server, 4, [...denied, ...PUBLIC_V4, ...MAPPED]);
    expect(answers).toEqual({ ...all(denied, 403), ...all(PUBLIC_V4, 200), ...all(MAPPED, answers[MAPPED[0]!]!) });
    // An IPv4-only allocation has no IPv6 relay: coturn answers 443 (family mismatch) before any list.
    expect(answers[MAPPED[0]!]).toBe(443);
  });

  it('TLS on the tls-listening-port allocates with the same credentials (TLS 1.2 or later)', async () => {
    const allocation = await allocateTurn({
      host: '127.0.0.1',
      port: server.tlsPort,
      transport: 'tls',
      secret: server.secret,
      family: 4,
    });
    try {
      expect(await allocation.permit('8.8.8.8')).toEqual({ code: 200, reason: 'OK' });
      expect(await allocation.permit('127.0.0.1')).toMatchObject({ code: 403 });
    } finally {
      await allocation.close();
    }
  });

  it("an allocation lasts at most max-allocate-lifetime (3600 s, also coturn's default); user-quota refuses the 13th allocation of one user name with 486", async () => {
    const base = { host: '127.0.0.1', port: server.port, transport: 'udp', secret: server.secret } as const;
    const long = await allocateTurn({ ...base, family: 4, lifetime: 86_400 });
    expect(long.lifetime).toBe(3600);
    await long.close();

    // One user name (same expiry) for all of them: the quota counts sessions per user name.
    const shared = { ...base, family: 4, user: 'quota', expiresAt: Math.floor(Date.now() / 1000) + 600 } as const;
    const held = await Promise.all(Array.from({ length: 12 }, () => allocateTurn(shared)));
    try {
      await expect(allocateTurn(shared)).rejects.toThrow(/refused: 486/);
    } finally {
      await Promise.all(held.map((a) => a.close()));
    }
  });
});
