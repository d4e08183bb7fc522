/**
 * When a connection drops, restart ICE instead of giving up: after a short
 * grace period on `disconnected` (it often heals by itself), at once on
 * `failed`, then again with backoff until a limit. Timers only; the caller
 * does the restart, so this is tested with fake timers.
 */

export interface IceRecoveryOptions {
  /** How long `disconnected` may last before we act. */
  graceMs?: number;
  /** Delay before each attempt; its length is the attempt limit. */
  delaysMs?: readonly number[];
  /** How long one attempt may take to reach `connected` before the next. */
  attemptTimeoutMs?: number;
  restart(attempt: number): void;
  giveUp(): void;
}

export type RecoveryPhase = 'idle' | 'waiting' | 'restarting' | 'gave-up';

export class IceRecovery {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private current: RecoveryPhase = 'idle';
  private readonly graceMs: number;
  private readonly delaysMs: readonly number[];
  private readonly attemptTimeoutMs: number;

  constructor(private readonly options: IceRecoveryOptions) {
    this.graceMs = options.graceMs ?? 2_000;
    this.delaysMs = options.delaysMs ?? [0, 1_000, 2_000, 4_000, 8_000];
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  }

  get phase(): RecoveryPhase {
    return this.current;
  }

  /** True while a drop is being worked on: the UI says "Reconnecting", not "Connecting" or "Failed". */
  get recovering(): boolean {
    return this.current === 'waiting' || this.current === 'restarting';
  }

  get attempts(): number {
    return this.attempt;
  }

  update(state: RTCPeerConnectionState): void {
    if (this.current === 'gave-up') return;
    switch (state) {
      case 'connected':
        this.reset();
        return;
      case 'closed':
        this.stop();
        return;
      case 'disconnected':
        if (this.current === 'idle') this.schedule(this.graceMs, 'waiting');
        return;
      case 'failed':
        // A failed attempt moves straight on to the next one.
        if (this.current !== 'waiting' || this.attempt === 0)
          this.schedule(this.delaysMs[this.attempt] ?? 0, 'waiting');
        return;
      default:
        return;
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reset(): void {
    this.stop();
    this.attempt = 0;
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
    const wait = this.attemptTimeoutMs + (this.delaysMs[this.attempt] ?? 0);
    this.timer = setTimeout(() => this.next(), wait);
  }
}
