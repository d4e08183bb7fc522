/**
 * The NAT behaviour probe against real coturn on loopback (no NAT here, so
 * every mapping is endpoint-independent; the NAT lab covers the others): two
 * servers give the mapping; one coturn with two listening addresses answers
 * RFC 5780 tests, so filtering is measured too; one plain server cannot tell;
 * no UDP answer with a TCP one is "UDP is blocked"; nothing at all is "unreachable".
 */
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { probeNatBehaviour } from '../../electron/core/nat-behaviour';
import { createSettingsStore } from '../../electron/core/settings';
import { defaultSettings } from '../../shared/config';
import { natBehaviourSchema } from '../../shared/nat-behaviour';
import { NAT_HEADLINES, natWords } from '../../shared/nat-words';
import { startCoturn, type Coturn } from '../support/coturn';
import { freeTcpUdpPort } from '../support/ports';

let plainA: Coturn;
let plainB: Coturn;
let rfc5780: Coturn;

/** A UDP port with nothing behind it: bound, then closed again. */
async function silentUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

beforeAll(async () => {
  plainA = await startCoturn({ extra: ['--no-rfc5780'] });
  plainB = await startCoturn({ extra: ['--no-rfc5780'] });
  // Two listening addresses of one family turn on coturn's RFC 5780 (NAT behaviour discovery).
  const alt = await freeTcpUdpPort();
  rfc5780 = await startCoturn({ extra: ['--listening-ip=127.0.0.2', `--alt-listening-port=${alt}`] });
});

afterAll(async () => {
  await Promise.all([plainA?.stop(), plainB?.stop(), rfc5780?.stop()]);
});

describe('NAT behaviour from the main process, against real coturn', () => {
  it('two servers: the same public port towards both, so the mapping is endpoint-independent', async () => {
    const result = natBehaviourSchema.parse(
      await probeNatBehaviour([
        { urls: `stun:127.0.0.1:${plainA.port}` },
        { urls: [`turn:127.0.0.1:${plainB.port}?transport=udp`], username: 'u', credential: 'p' },
      ]),
    );
    console.log('two plain servers:', JSON.stringify(result));
    expect(result.verdict).toBe('keeps-port');
    expect(result.mapping).toBe('endpoint-independent');
    const [a, b] = result.servers;
    expect(a?.mapped).toEqual(b?.mapped);
    expect(a?.mapped?.address).toBe('127.0.0.1');
    expect(result.publicAddressIsLocal).toBe(true);
    // Neither has a second address: filtering cannot be measured, and the words say so.
    expect(result.rfc5780).toBe(false);
    expect(result.filtering).toBe('unknown');
    const words = natWords(result);
    expect(words.headline).toBe(
      'Your network keeps the same public port for every destination: direct calls usually work',
    );
    expect(words.details).toContain('Your public address is this computer’s own: there is no NAT on the way');
  });

  it('one RFC 5780 server: mapping from its other address and port, filtering from CHANGE-REQUEST', async () => {
    const result = await probeNatBehaviour([{ urls: `stun:127.0.0.1:${rfc5780.port}` }]);
    console.log('one RFC 5780 server:', JSON.stringify(result));
    expect(result.servers[0]?.otherAddress?.address).toBe('127.0.0.2');
    expect(result.rfc5780).toBe(true);
    expect(result.verdict).toBe('keeps-port');
    expect(result.mapping).toBe('endpoint-independent');
    // Nothing filters on loopback: the answers from the other address and port got in.
    expect(result.filtering).toBe('endpoint-independent');
    expect(natWords(result).details).toContain(
      'Filtering: endpoint-independent filtering (anyone may answer the public port)',
    );
  });

  it('one server without RFC 5780: says it cannot tell, and how to make it tell', async () => {
    const result = await probeNatBehaviour([{ urls: `stun:127.0.0.1:${plainA.port}` }]);
    expect(result.verdict).toBe('one-server');
    expect(result.mapping).toBe('unknown');
    expect(natWords(result).headline).toBe(NAT_HEADLINES['one-server']);
  });

  it('no answer over UDP but one over TCP: "UDP is blocked"', async () => {
    const silent = await silentUdpPort();
    const result = await probeNatBehaviour(
      [{ urls: `stun:127.0.0.1:${silent}` }, { urls: `turn:127.0.0.1:${plainA.port}?transport=tcp` }],
      { timeoutMs: 1_000 },
    );
    expect(result.verdict).toBe('udp-blocked');
    expect(result.tcpAnswered).toBe(true);
    expect(result.servers[0]?.error).toBe('no answer over UDP within 1000 ms');
    expect(natWords(result).headline).toBe('UDP is blocked: only TURN over TCP or TLS gets through');
  });

  it('no answer over UDP or TCP: the servers are unreachable, not "UDP is blocked"', async () => {
    const silent = await silentUdpPort();
    const result = await probeNatBehaviour([{ urls: `stun:127.0.0.1:${silent}` }], { timeoutMs: 1_000 });
    expect(result.verdict).toBe('unreachable');
    expect(result.tcpAnswered).toBe(false);
  });

  it('no STUN or TURN URL over UDP: nothing to ask, said as such', async () => {
    const result = await probeNatBehaviour([{ urls: 'turns:127.0.0.1:5349?transport=tcp' }]);
    expect(result.verdict).toBe('no-servers');
    expect(result.servers).toEqual([]);
  });

  it('over IPC: nat:probe measures towards the servers in settings, and its answer passes the contract', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-nat-ipc-'));
    try {
      const servers = [{ urls: `stun:127.0.0.1:${plainA.port}` }, { urls: `stun:127.0.0.1:${plainB.port}` }];
      const base = defaultSettings();
      const handlers = createHandlers({
        settings: createSettingsStore(
          dir,
          () => undefined,
          () => ({ ...base, ice: { ...base.ice, servers } }),
        ),
        app: { version: 'test', platform: 'linux' },
        embeddedSignalingUrl: () => 'http://127.0.0.1:1',
      });
      const answer = await dispatch(handlers, 'nat:probe', null);
      expect(answer).toMatchObject({ ok: true, value: { verdict: 'keeps-port', mapping: 'endpoint-independent' } });
      expect(await dispatch(handlers, 'nat:probe', { extra: true })).toMatchObject({ ok: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
