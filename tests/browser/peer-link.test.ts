/**
 * PeerLink in real Chromium: two links in one page wired by an in-memory
 * signaling channel that can delay messages, to force glare.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SignalData } from '../../shared/signaling';
import { snapshot, type StatsRecord } from '../../shared/stats';
import { PeerLink, type LinkState } from '../../renderer/src/call/peer-link';

const links: PeerLink[] = [];
const streams: MediaStream[] = [];

afterEach(() => {
  for (const link of links.splice(0)) link.close();
  for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
});

async function media(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  streams.push(stream);
  return stream;
}

function waitFor(link: PeerLink, states: LinkState[], target: LinkState): Promise<void> {
  if (link.state === target) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (link.state === target) {
        clearInterval(timer);
        resolve();
      } else if (link.state === 'failed') {
        clearInterval(timer);
        reject(new Error(`link failed; saw ${states.join(' → ')}`));
      }
    }, 20);
  });
}

/** Two links whose messages to each other are held until `release()` and then delivered in order. */
async function pair(options: { aInitiator: boolean; bInitiator: boolean; hold: boolean }) {
  const held: Array<() => void> = [];
  let holding = options.hold;
  const deliver = (fn: () => void) => (holding ? held.push(fn) : queueMicrotask(fn));
  const seen = { a: [] as SignalData[], b: [] as SignalData[] };
  const statesA: LinkState[] = [];
  const statesB: LinkState[] = [];
  const errors: Error[] = [];
  const [sa, sb] = await Promise.all([media(), media()]);
  // eslint-disable-next-line prefer-const -- the two links refer to each other
  let b: PeerLink;
  const a = new PeerLink({
    remoteId: 'b',
    polite: false,
    initiator: options.aInitiator,
    configuration: {},
    localStream: sa,
    send: (data) => {
      seen.a.push(data);
      deliver(() => void b.handle(data));
    },
    onState: (s) => statesA.push(s),
    onError: (e) => errors.push(e),
  });
  b = new PeerLink({
    remoteId: 'a',
    polite: true,
    initiator: options.bInitiator,
    configuration: {},
    localStream: sb,
    send: (data) => {
      seen.b.push(data);
      deliver(() => void a.handle(data));
    },
    onState: (s) => statesB.push(s),
    onError: (e) => errors.push(e),
  });
  links.push(a, b);
  return {
    a,
    b,
    seen,
    statesA,
    statesB,
    errors,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const fn of held.splice(0)) fn();
    },
  };
}

const answers = (data: SignalData[]) =>
  data.filter((d) => 'description' in d && d.description.type === 'answer').length;
const offers = (data: SignalData[]) => data.filter((d) => 'description' in d && d.description.type === 'offer').length;

describe('PeerLink', () => {
  it('connects with one offer when only the initiator adds tracks first', async () => {
    const p = await pair({ aInitiator: true, bInitiator: false, hold: false });
    await Promise.all([waitFor(p.a, p.statesA, 'connected'), waitFor(p.b, p.statesB, 'connected')]);
    expect(offers(p.seen.a)).toBe(1);
    expect(offers(p.seen.b)).toBe(0);
    // Both directions carry media: each side receives audio and video.
    expect(
      p.a.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(
      p.b.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(p.errors).toEqual([]);
  });

  it('resolves glare: both sides offer at once, the polite side yields, the call connects', async () => {
    const p = await pair({ aInitiator: true, bInitiator: true, hold: true });
    // Both offers are out before either side has seen the other's.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (offers(p.seen.a) === 1 && offers(p.seen.b) === 1) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    p.release();
    await Promise.all([waitFor(p.a, p.statesA, 'connected'), waitFor(p.b, p.statesB, 'connected')]);
    // The impolite side ignored the colliding offer; the polite side rolled back and answered.
    expect(answers(p.seen.a)).toBe(0);
    expect(answers(p.seen.b)).toBe(1);
    expect(
      p.a.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(
      p.b.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(p.a.pc.signalingState).toBe('stable');
    expect(p.b.pc.signalingState).toBe('stable');
    expect(p.errors).toEqual([]);
  });

  it('restarts ICE on request and stays connected', async () => {
    const p = await pair({ aInitiator: true, bInitiator: false, hold: false });
    await Promise.all([waitFor(p.a, p.statesA, 'connected'), waitFor(p.b, p.statesB, 'connected')]);
    const before = offers(p.seen.a) + offers(p.seen.b);
    p.b.restartIce();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (
          offers(p.seen.a) + offers(p.seen.b) > before &&
          p.a.pc.signalingState === 'stable' &&
          p.b.pc.signalingState === 'stable'
        ) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(p.a.state).toBe('connected');
    expect(p.errors).toEqual([]);
  });

  it('both sides restart ICE at once (credentials refreshed together): glare resolves and video keeps flowing both ways', async () => {
    const p = await pair({ aInitiator: true, bInitiator: false, hold: false });
    await Promise.all([waitFor(p.a, p.statesA, 'connected'), waitFor(p.b, p.statesB, 'connected')]);
    const decoded = async (link: PeerLink) =>
      snapshot([...(await link.pc.getStats()).values()] as StatsRecord[]).video.framesDecoded;
    const rising = async (link: PeerLink) => {
      const start = await decoded(link);
      await expect.poll(() => decoded(link), { timeout: 10_000, interval: 100 }).toBeGreaterThan(start + 10);
    };
    await Promise.all([rising(p.a), rising(p.b)]);
    for (let round = 0; round < 3; round += 1) {
      const before = { a: offers(p.seen.a), b: offers(p.seen.b) };
      p.hold();
      p.a.restartIce();
      p.b.restartIce();
      await expect.poll(() => offers(p.seen.a) > before.a && offers(p.seen.b) > before.b).toBe(true);
      p.release();
      await expect
        .poll(
          () =>
            p.a.pc.signalingState === 'stable' &&
            p.b.pc.signalingState === 'stable' &&
            p.a.state === 'connected' &&
            p.b.state === 'connected',
        )
        .toBe(true);
      await Promise.all([rising(p.a), rising(p.b)]);
    }
    expect(p.errors).toEqual([]);
  });
});
