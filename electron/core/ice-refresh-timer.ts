/** The ICE service's one timer: the next background refresh, at half the credentials' lifetime. */

export interface TimerPort {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: TimerPort = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Refresh when half the lifetime is gone: room for a failed attempt or two before expiry. */
export function refreshTime(fetchedAt: number, expiresAt: number | null): number | null {
  return expiresAt === null ? null : fetchedAt + Math.max(0, expiresAt - fetchedAt) / 2;
}

export interface RefreshTimer {
  /** When `run` is due next; null when nothing is scheduled. */
  readonly at: number | null;
  readonly stopped: boolean;
  /** Replaces whatever was scheduled; null cancels. After stop() nothing runs. */
  schedule(at: number | null): void;
  stop(): void;
}

export function createRefreshTimer(timers: TimerPort, now: () => number, run: () => void): RefreshTimer {
  let handle: unknown;
  let at: number | null = null;
  let stopped = false;
  const schedule = (next: number | null) => {
    timers.clear(handle);
    handle = undefined;
    at = next;
    if (next === null || stopped) return;
    handle = timers.set(run, Math.max(0, next - now()));
  };
  return {
    get at() {
      return at;
    },
    get stopped() {
      return stopped;
    },
    schedule,
    stop() {
      stopped = true;
      schedule(null);
    },
  };
}
