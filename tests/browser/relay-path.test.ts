/**
 * The connection test's per-path measurement (relay-path-probe.ts) through a real coturn: a ping
 * series and a throughput phase through the one TURN URL under test, over UDP and over TCP, and a
 * clear failure when that server does not relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayPathWords } from '../../shared/relay-path';
import { measureRelayPath, RelayPathError } from '../../renderer/src/diagnostics/relay-path-probe';
import { openConnections } from './leak-watch';
import { turn, type BrowserTurn } from './support';

let server: BrowserTurn;
beforeAll(async () => {
  server = await turn.startTurn();
});
afterAll(() => turn.closeTurn());

const over = (transport: 'udp' | 'tcp'): RTCIceServer => ({
  ...server,
  urls: server.urls.replace(/\?transport=\w+$/, `?transport=${transport}`),
});

describe('one relay path, measured through a real coturn', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`TURN over ${transport.toUpperCase()}: round trip, jitter, loss and throughput through that relay`, async () => {
      const before = openConnections().length;
      const f = await measureRelayPath(over(transport));
      console.log(`relay path over ${transport}: ${relayPathWords(f)} (open in ${Math.round(f.connectMs)} ms)`);
      expect(f.pings).toBe(400);
      // Loopback: every ping comes back, in well under a second, and megabits get through.
      expect(f.lossPct).toBe(0);
      expect(f.rttMs).toBeGreaterThan(0);
      expect(f.rttMs).toBeLessThan(1_000);
      expect(f.jitterMs).not.toBeNull();
      expect(f.throughputKbps).toBeGreaterThan(1_000);
      expect(openConnections().length, 'both connections closed after the measurement').toBe(before);
    });
  }

  it('a TURN server that does not answer: rejected, saying the relayed connection did not open', async () => {
    const silent: RTCIceServer = { ...server, urls: 'turn:127.0.0.1:9?transport=udp' };
    await expect(measureRelayPath(silent, { connectTimeoutMs: 1_500 })).rejects.toThrow(RelayPathError);
    await expect(measureRelayPath(silent, { connectTimeoutMs: 1_500 })).rejects.toThrow(/did not open within 1.5 s/);
  });
});
