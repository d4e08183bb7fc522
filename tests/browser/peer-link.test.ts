/**
 * PeerLink in real Chromium: two links in one page wired by an in-memory
 * signaling channel that can delay messages, to force glare.
 */
import { describe, expect, it } from 'vitest';
import { answers, framesDecoded, linkPair, offers, until, type Side } from './support';

const kinds = (side: Side) =>
  side.link.remoteStream
    .getTracks()
    .map((t) => t.kind)
    .sort();
const connected = (side: Side) => until(() => side.link.state === 'connected', `${side.link.remoteId} connected`);

describe('PeerLink', () => {
  it('connects with one offer when only the initiator adds tracks first', async () => {
    const p = await linkPair();
    await Promise.all([connected(p.a), connected(p.b)]);
    expect(offers(p.a.sent)).toBe(1);
    expect(offers(p.b.sent)).toBe(0);
    // Both directions carry media: each side receives audio and video.
    expect(kinds(p.a)).toEqual(['audio', 'video']);
    expect(kinds(p.b)).toEqual(['audio', 'video']);
    expect(p.errors).toEqual([]);
  });

  it('resolves glare: both sides offer at once, the polite side yields, the call connects', async () => {
    const p = await linkPair({ aInitiator: true, bInitiator: true, hold: true });
    // Both offers are out before either side has seen the other's.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (offers(p.a.sent) === 1 && offers(p.b.sent) === 1) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    p.release();
    await Promise.all([connected(p.a), connected(p.b)]);
    // The impolite side ignored the colliding offer; the polite side rolled back and answered.
    expect(answers(p.a.sent)).toBe(0);
    expect(answers(p.b.sent)).toBe(1);
    expect(kinds(p.a)).toEqual(['audio', 'video']);
    expect(kinds(p.b)).toEqual(['audio', 'video']);
    await until(p.settled, 'both stable');
    expect(p.errors).toEqual([]);
  });

  it('restarts ICE on request and stays connected', async () => {
    const p = await linkPair();
    await Promise.all([connected(p.a), connected(p.b)]);
    const before = offers(p.a.sent) + offers(p.b.sent);
    p.b.link.restartIce();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (
          offers(p.a.sent) + offers(p.b.sent) > before &&
          p.a.last.signaling === 'stable' &&
          p.b.last.signaling === 'stable'
        ) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(p.a.link.state).toBe('connected');
    expect(p.errors).toEqual([]);
  });

  it('both sides restart ICE at once (credentials refreshed together): glare resolves and video keeps flowing both ways', async () => {
    const p = await linkPair();
    await Promise.all([connected(p.a), connected(p.b)]);
    const rising = async ({ link }: Side) => {
      const start = await framesDecoded(link);
      await expect.poll(() => framesDecoded(link), { timeout: 10_000, interval: 100 }).toBeGreaterThan(start + 10);
    };
    await Promise.all([rising(p.a), rising(p.b)]);
    for (let round = 0; round < 3; round += 1) {
      const before = { a: offers(p.a.sent), b: offers(p.b.sent) };
      p.hold();
      p.a.link.restartIce();
      p.b.link.restartIce();
      // A cap, not a wait: expect.poll's 1 s default ran out at load 36 (CI of 3e42485 beside four helpers).
      const cap = { timeout: 15_000 };
      await expect.poll(() => offers(p.a.sent) > before.a && offers(p.b.sent) > before.b, cap).toBe(true);
      p.release();
      await expect.poll(p.settled, cap).toBe(true);
      await Promise.all([rising(p.a), rising(p.b)]);
    }
    expect(p.errors).toEqual([]);
  });
});
