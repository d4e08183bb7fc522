/**
 * Keeps the connection test's per-path figures apart (issue 18): every relay path crosses the
 * same uplink, so one path's throughput phase, which fills it, would take its bandwidth from a
 * second path measured at the same time and add queueing delay to everyone's pings. Pings
 * share (many series at once are a few packets each); a throughput phase runs alone. A waiting
 * throughput phase goes before ping series that arrive after it, so it is never starved.
 */
type Waiter = { exclusive: boolean; start: () => void };

export class PathMeterLock {
  private shared = 0;
  private exclusive = false;
  private readonly queue: Waiter[] = [];

  /** Runs `work` beside other shared work, but never during exclusive work. */
  sharing<T>(work: () => Promise<T>): Promise<T> {
    return this.run(false, work);
  }

  /** Runs `work` with nothing else: no other shared or exclusive work meanwhile. */
  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.run(true, work);
  }

  private async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.queue.push({ exclusive, start });
      this.next();
    });
    try {
      return await work();
    } finally {
      if (exclusive) this.exclusive = false;
      else this.shared -= 1;
      this.next();
    }
  }

  /** Starts whoever may start now, in order: shared work up to the first exclusive waiter, or that one alone. */
  private next(): void {
    while (this.queue.length > 0 && !this.exclusive) {
      const first = this.queue[0]!;
      if (first.exclusive && this.shared > 0) return;
      this.queue.shift();
      if (first.exclusive) this.exclusive = true;
      else this.shared += 1;
      first.start();
    }
  }
}

/** The page's one lock: every relay path measured in this page goes through it. */
export const pathMeterLock = new PathMeterLock();
