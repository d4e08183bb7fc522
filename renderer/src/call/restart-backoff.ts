/**
 * How long to wait before an ICE restart that follows others: a list of
 * delays, each spread by a random share, so two sides that lose their path
 * together do not restart in lockstep every time (LiveKit's reconnect policy
 * spreads clients out the same way). Pure; the random source is passed in.
 */

/** `ms` spread evenly over ±`spread` of itself (0.5: from half to one and a half); 0 stays 0 (at once). */
export function jittered(ms: number, random: () => number, spread = 0.5): number {
  if (ms <= 0) return 0;
  const share = Math.min(1, Math.max(0, random()));
  return Math.round(ms * (1 + spread * (2 * share - 1)));
}

/** The delay before restart number `count` (0: the first) of a run: the list's entry, its last one past the end. */
export function backoffDelay(count: number, delaysMs: readonly number[], random: () => number, spread = 0.5): number {
  const base = delaysMs[Math.min(count, delaysMs.length - 1)] ?? 0;
  return jittered(base, random, spread);
}

/**
 * Restarts for network changes come in runs (an interface flapping, a Wi-Fi
 * roam): the first of a run goes at once, each one soon after the previous
 * waits longer. A run ends once `quietMs` pass without a restart.
 */
export class RestartRun {
  private count = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly delaysMs: readonly number[] = [0, 1_000, 2_000, 4_000, 8_000],
    private readonly quietMs = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay for a restart asked for at `now`, counting it in the run. */
  next(now: number): number {
    if (now - this.lastAt > this.quietMs) this.count = 0;
    const delay = backoffDelay(this.count, this.delaysMs, this.random);
    this.count += 1;
    this.lastAt = now + delay;
    return delay;
  }
}
