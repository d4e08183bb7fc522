/**
 * The ICE recovery timing, with fake timers: grace, immediate restart on failure, backoff (with its
 * jitter held at the middle, 0.5, where the delays are exact), limit, reset; restarts for a network change.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRecovery } from '../../renderer/src/call/ice-recovery';

let restarts: number[];
let gaveUp: number;
let recovery: IceRecovery;
let began: string[];

beforeEach(() => {
  vi.useFakeTimers();
  restarts = [];
  gaveUp = 0;
  began = [];
  recovery = new IceRecovery({
    random: () => 0.5,
    began: (cause, detail) => began.push(`${cause}: ${detail}`),
    graceMs: 2_000,
    delaysMs: [0, 1_000, 2_000],
    attemptTimeoutMs: 10_000,
    restart: (n) => restarts.push(n),
    giveUp: () => (gaveUp += 1),
  });
});
afterEach(() => vi.useRealTimers());

describe('ICE recovery', () => {
  it('waits out a short disconnect without restarting', () => {
    recovery.update('disconnected');
    expect(recovery.recovering).toBe(true);
    vi.advanceTimersByTime(1_500);
    recovery.update('connected');
    vi.advanceTimersByTime(10_000);
    expect(restarts).toEqual([]);
    expect(recovery.recovering).toBe(false);
  });

  it('restarts after the grace period when the disconnect lasts', () => {
    recovery.update('disconnected');
    vi.advanceTimersByTime(1_999);
    expect(restarts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(restarts).toEqual([1]);
  });

  it('restarts at once on failed, then backs off, then gives up at the limit', () => {
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    expect(restarts).toEqual([1]);
    recovery.update('failed');
    vi.advanceTimersByTime(999);
    expect(restarts).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(restarts).toEqual([1, 2]);
    recovery.update('failed');
    vi.advanceTimersByTime(2_000);
    expect(restarts).toEqual([1, 2, 3]);
    expect(gaveUp).toBe(0);
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    expect(gaveUp).toBe(1);
    expect(recovery.phase).toBe('gave-up');
    recovery.update('failed');
    vi.advanceTimersByTime(60_000);
    expect(restarts).toEqual([1, 2, 3]);
  });

  it('moves on when an attempt hangs without failing', () => {
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    recovery.update('connecting');
    vi.advanceTimersByTime(10_999);
    expect(restarts).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(restarts).toEqual([1, 2]);
  });

  it('a success resets the count, so a later drop gets every attempt again', () => {
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    recovery.update('connected');
    expect(recovery.attempts).toBe(0);
    recovery.update('failed');
    vi.advanceTimersByTime(0);
    expect(restarts).toEqual([1, 1]);
  });

  it('closing stops everything', () => {
    recovery.update('disconnected');
    recovery.update('closed');
    vi.advanceTimersByTime(60_000);
    expect(restarts).toEqual([]);
    expect(gaveUp).toBe(0);
  });

  it('spreads the backoff at random so two sides do not restart in lockstep; the first restart stays at once', () => {
    const at = (random: number) => {
      const seen: number[] = [];
      const r = new IceRecovery({
        delaysMs: [0, 1_000],
        random: () => random,
        restart: () => seen.push(Date.now()),
        giveUp: () => {},
      });
      const start = Date.now();
      r.update('failed');
      vi.advanceTimersByTime(0);
      r.update('failed');
      vi.advanceTimersByTime(2_000);
      r.stop();
      return seen.map((t) => t - start);
    };
    expect(at(0)).toEqual([0, 500]);
    expect(at(0.5)).toEqual([0, 1_000]);
    expect(at(0.99)).toEqual([0, 1_490]);
  });

  it('a network change on a working link restarts at once without saying "reconnecting"', () => {
    recovery.networkChanged('eth0 lost 192.0.2.2');
    expect(restarts).toEqual([0]);
    expect(recovery.recovering).toBe(false);
    expect(began).toEqual(['network-change: eth0 lost 192.0.2.2']);
  });

  it('the old path dying during that restart counts it as the first attempt: no grace, no second restart', () => {
    recovery.networkChanged('eth0 lost 192.0.2.2');
    vi.advanceTimersByTime(300);
    recovery.update('disconnected');
    expect(recovery.recovering).toBe(true);
    vi.advanceTimersByTime(9_699);
    expect(restarts).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(restarts).toEqual([0, 2]);
    recovery.update('connected');
    expect(recovery.recovering).toBe(false);
    expect(began).toEqual(['network-change: eth0 lost 192.0.2.2']);
  });

  it('a network change while a drop waits out its grace restarts now', () => {
    recovery.update('disconnected');
    vi.advanceTimersByTime(500);
    recovery.networkChanged('the default route moved from wlan0 to eth0');
    expect(restarts).toEqual([1]);
    expect(began).toEqual([
      'connection-lost: disconnected',
      'network-change: the default route moved from wlan0 to eth0',
    ]);
  });

  it('a connected link that stopped receiving restarts at once: the stall it waited out was its grace', () => {
    // The traffic watch reports a stall only after seconds without a byte (a TURN server gone, say);
    // a second wait on top only lengthens the gap (turn-restart bench: noticed at 2.8 s, restarted at 4.7 s).
    recovery.update('disconnected', 'no-traffic');
    vi.advanceTimersByTime(0);
    expect(restarts).toEqual([1]);
    expect(began).toEqual(['no-traffic: disconnected']);
  });
});
