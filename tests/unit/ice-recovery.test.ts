/** The ICE recovery timing, with fake timers: grace, immediate restart on failure, backoff, limit, reset. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceRecovery } from '../../renderer/src/call/ice-recovery';

let restarts: number[];
let gaveUp: number;
let recovery: IceRecovery;

beforeEach(() => {
  vi.useFakeTimers();
  restarts = [];
  gaveUp = 0;
  recovery = new IceRecovery({
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
});
