/**
 * What a PeerLink says about itself must be true (issue 17), in real
 * Chromium: a relay-only link that no TURN server answers says so within its
 * gathering deadline instead of "connecting" for ever, and a connected link
 * that stops receiving data says "reconnecting" at once, then "connected"
 * again when data flows.
 */
import { describe, expect, it } from 'vitest';
import { linkPair, until } from './support';

describe('PeerLink tells the truth', () => {
  it('relay-only with a TURN server that does not answer: lost (never connected) within the gathering deadline', async () => {
    // A loopback port nobody listens on: Chromium would retry it for about 40 s.
    const p = await linkPair({
      configuration: {
        iceTransportPolicy: 'relay',
        iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }],
      },
      recovery: { gatherTimeoutMs: 1_500 },
    });
    const started = Date.now();
    await until(() => p.a.lost.length > 0, 'the link to be reported lost', 10_000);
    expect(p.a.lost).toEqual([true]);
    expect(p.a.link.state).toBe('failed');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a connected link that receives nothing says reconnecting at once, and connected when data flows again', async () => {
    const p = await linkPair({ recovery: { stallMs: 500, graceMs: 60_000 } });
    await until(() => p.a.link.state === 'connected' && p.b.link.state === 'connected', 'both connected');
    const t = Date.now();
    p.a.link.observeTraffic(1_000, t);
    p.a.link.observeTraffic(1_000, t + 300);
    expect(p.a.link.state).toBe('connected');
    p.a.link.observeTraffic(1_000, t + 600);
    expect(p.a.link.state).toBe('reconnecting');
    expect(p.a.states.at(-1)).toBe('reconnecting');
    p.a.link.observeTraffic(2_000, t + 900);
    expect(p.a.link.state).toBe('connected');
    expect(p.a.states.at(-1)).toBe('connected');
  });
});
