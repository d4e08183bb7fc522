/**
 * What a PeerLink says about itself must be true (issue 17), in real
 * Chromium: a relay-only link that no TURN server answers says so within its
 * gathering deadline instead of "connecting" for ever, and a connected link
 * that stops receiving data says "reconnecting" at once, then "connected"
 * again when data flows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PeerLink, type LinkState } from '../../renderer/src/call/peer-link';

const links: PeerLink[] = [];
const streams: MediaStream[] = [];

afterEach(() => {
  for (const link of links.splice(0)) link.close();
  for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
});

async function media(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120 } });
  streams.push(stream);
  return stream;
}

function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

/** Two links in one page, each other's signaling. */
async function pair(configuration: RTCConfiguration, recovery = {}) {
  const [sa, sb] = await Promise.all([media(), media()]);
  const states = { a: [] as LinkState[], b: [] as LinkState[] };
  const lost: boolean[] = [];
  // eslint-disable-next-line prefer-const -- the two links refer to each other
  let b: PeerLink;
  const a = new PeerLink({
    remoteId: 'b',
    polite: false,
    initiator: true,
    configuration,
    localStream: sa,
    recovery,
    send: (data) => queueMicrotask(() => void b.handle(data)),
    onState: (s) => states.a.push(s),
    onLost: (neverConnected) => lost.push(neverConnected),
  });
  b = new PeerLink({
    remoteId: 'a',
    polite: true,
    initiator: false,
    configuration: { ...configuration, iceTransportPolicy: 'all', iceServers: [] },
    localStream: sb,
    send: (data) => queueMicrotask(() => void a.handle(data)),
    onState: (s) => states.b.push(s),
  });
  links.push(a, b);
  return { a, b, states, lost };
}

describe('PeerLink tells the truth', () => {
  it('relay-only with a TURN server that does not answer: lost (never connected) within the gathering deadline', async () => {
    // A loopback port nobody listens on: Chromium would retry it for about 40 s.
    const p = await pair(
      {
        iceTransportPolicy: 'relay',
        iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username: 'u', credential: 'p' }],
      },
      { gatherTimeoutMs: 1_500 },
    );
    const started = Date.now();
    await until(() => p.lost.length > 0, 'the link to be reported lost', 10_000);
    expect(p.lost).toEqual([true]);
    expect(p.a.state).toBe('failed');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('a connected link that receives nothing says reconnecting at once, and connected when data flows again', async () => {
    const p = await pair({}, { stallMs: 500, graceMs: 60_000 });
    await until(() => p.a.state === 'connected' && p.b.state === 'connected', 'both connected');
    const t = Date.now();
    p.a.observeTraffic(1_000, t);
    p.a.observeTraffic(1_000, t + 300);
    expect(p.a.state).toBe('connected');
    p.a.observeTraffic(1_000, t + 600);
    expect(p.a.state).toBe('reconnecting');
    expect(p.states.a.at(-1)).toBe('reconnecting');
    p.a.observeTraffic(2_000, t + 900);
    expect(p.a.state).toBe('connected');
    expect(p.states.a.at(-1)).toBe('connected');
  });
});
