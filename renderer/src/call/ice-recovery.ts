/**
 * When a connection drops, restart ICE instead of giving up: after a short
 * grace period on `disconnected` (it often heals by itself), at once on
 * `failed` and on a connected link that stopped receiving (its stall was the grace), then again with backoff (spread by jitter, restart-backoff.ts)
 * until a limit. A network change under the path restarts at once, without
 * the grace, and while the link still works (make-before-break: the old pair
 * carries media until a new one is selected); so does a video stall on a working link. Timers only; the caller does
 * the restart, so this is tested with fake timers.
 */
import type { RecoveryCause } from '../../../shared/diagnostics';
import { jittered } from './restart-backoff';

export interface IceRecoveryOptions {
  /** How long `disconnected` may last before we act. */
  graceMs?: number;
  /** Delay before each attempt (each spread ±50 % at random; 0 stays at once); its length is the attempt limit. */
  delaysMs?: readonly number[];
  /** How long one attempt may take to reach `connected` before the next. */
  attemptTimeoutMs?: number;
  /** Where the jitter comes from (Math.random); 0.5 gives the delays exactly. */
  random?: () => number;
  /** Attempt 0 is a restart on a link that still works, for `cause` (a network change, a video stall). */
  restart(attempt: number, cause?: RecoveryCause): void;
  giveUp(): void;
  /** A recovery began, and why. */
  began?(cause: RecoveryCause, detail: string): void;
}

export type RecoveryPhase = 'idle' | 'waiting' | 'restarting' | 'gave-up';

export class IceRecovery {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private current: RecoveryPhase = 'idle';
  /** Until when a restart for a network change is under way on a link that had not dropped. */
  private aheadUntil = 0;
  private readonly graceMs: number;
  private readonly delaysMs: readonly number[];
  private readonly attemptTimeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: IceRecoveryOptions) {
    this.graceMs = options.graceMs ?? 2_000;
    this.delaysMs = options.delaysMs ?? [0, 1_000, 2_000, 4_000, 8_000];
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  get phase(): RecoveryPhase {
    return this.current;
  }

  /** True while a drop is being worked on: the UI says "Reconnecting", not "Connecting" or "Failed". */
  get recovering(): boolean {
    return this.current === 'waiting' || this.current === 'restarting';
  }

  /** True while any recovery runs, a restart ahead of a drop on a working link included. */
  get busy(): boolean {
    return this.recovering || this.aheadUntil > Date.now();
  }

  get attempts(): number {
    return this.attempt;
  }

  /** A new connection state; `cause` says what a drop is (a stalled link reports 'no-traffic'). */
  update(state: RTCPeerConnectionState, cause: RecoveryCause = 'connection-lost'): void {
    if (this.current === 'gave-up') return;
    switch (state) {
      case 'connected':
        this.reset();
        return;
      case 'closed':
        this.stop();
        return;
      case 'disconnected':
        if (this.current === 'idle') this.dropped(cause, state);
        return;
      case 'failed':
        if (this.current === 'idle') this.options.began?.(cause, state);
        // A failed attempt moves straight on to the next one.
        if (this.current !== 'waiting' || this.attempt === 0) this.schedule(this.delay(this.attempt), 'waiting');
        return;
      default:
        return;
    }
  }

  /**
   * The network under this link's path changed (network-change.ts decided it
   * matters): restart now. On a working link the restart goes ahead while the
   * old pair carries media; on a dropped one the wait for the next attempt is cut short.
   */
  networkChanged(detail: string): void {
    this.restartNow('network-change', detail);
  }

  /** The person's video stopped on this working link and a keyframe did not bring it back (video-stall.ts). */
  videoStalled(detail: string): void {
    this.restartNow('video-stalled', detail);
  }

  private restartNow(cause: RecoveryCause, detail: string): void {
    if (this.current === 'gave-up') return;
    this.options.began?.(cause, detail);
    if (this.current === 'waiting') return this.next();
    if (this.current === 'restarting') {
      // The attempt under way was gathering on the old network: a fresh one, counted like any other.
      this.stop();
      return this.next();
    }
    this.aheadUntil = Date.now() + this.attemptTimeoutMs;
    this.options.restart(0, cause);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private dropped(cause: RecoveryCause, state: string): void {
    const ahead = this.aheadUntil - Date.now();
    // A restart for a network change is already under way: it is the first attempt, no grace.
    if (ahead > 0) {
      this.stop();
      this.attempt = 1;
      this.current = 'restarting';
      this.timer = setTimeout(() => this.next(), ahead);
      return;
    }
    this.options.began?.(cause, state);
    // A stalled link ('no-traffic') has already gone seconds without a byte: that was its grace.
    this.schedule(cause === 'no-traffic' ? 0 : this.graceMs, 'waiting');
  }

  private delay(attempt: number): number {
    return jittered(this.delaysMs[attempt] ?? 0, this.random);
  }

  private reset(): void {
    this.stop();
    this.attempt = 0;
    this.aheadUntil = 0;
    this.current = 'idle';
  }

  private schedule(ms: number, phase: RecoveryPhase): void {
    this.stop();
    this.current = phase;
    this.timer = setTimeout(() => this.next(), ms);
  }

  private next(): void {
    this.timer = undefined;
    if (this.attempt >= this.delaysMs.length) {
      this.current = 'gave-up';
      this.options.giveUp();
      return;
    }
    this.attempt += 1;
    this.current = 'restarting';
    this.options.restart(this.attempt);
    // If this attempt neither connects nor fails outright, try the next one anyway.
    const wait = this.attemptTimeoutMs + this.delay(this.attempt);
    this.timer = setTimeout(() => this.next(), wait);
  }
}
