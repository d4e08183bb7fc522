/**
 * The diagnostics stats poll: every interval, the stats of each link in use go
 * to its recorder (snapshot, graph point, relayed time). The Call starts it
 * after the join and stops it in leave(); it owns its one timer.
 */
import type { LinkStats } from '../call/link';

/** What the poller reads: the links in use and their stats (a CallLinks). */
export interface StatsSource {
  stats(): Promise<LinkStats[]>;
}

export class StatsPoller {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly source: StatsSource,
    private readonly intervalMs = 1_000,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One poll; a poll still on its way when the poller stops records nothing. */
  async poll(): Promise<void> {
    const polled = await this.source.stats();
    if (!this.running) return;
    for (const { records, recorder } of polled) recorder.stats(records);
  }
}
