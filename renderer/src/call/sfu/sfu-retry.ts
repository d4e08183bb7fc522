/**
 * Trying again until something works, with waits that grow (0.5, 1, 2, then every 4 s), and that
 * end at once when the call does: the wait in between is the only timer, and `cancel` clears it.
 */
const DELAYS_MS = [500, 1_000, 2_000, 4_000];

export class Retry {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | null = null;
  private cancelled = false;

  constructor(private readonly delaysMs: readonly number[] = DELAYS_MS) {}

  /** Runs `attempt` after each wait until it resolves true; false once cancelled. A rejection counts as not yet. */
  async until(attempt: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; ; i += 1) {
      await this.wait(this.delaysMs[Math.min(i, this.delaysMs.length - 1)] ?? 1_000);
      if (this.cancelled) return false;
      if (await attempt().catch(() => false)) return true;
    }
  }

  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
