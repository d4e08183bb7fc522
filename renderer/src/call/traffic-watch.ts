/**
 * Notices that a connected link stopped carrying data. Chromium keeps saying
 * "connected" for several seconds after the path died (until ICE consent
 * checks fail), while the picture is already frozen; the bytes received stop
 * at once. Fed from the stats poll; pure, so it is tested without a browser.
 */
export type Traffic = 'flowing' | 'stalled';

export class TrafficWatch {
  private bytes = -1;
  private changedAt = 0;
  private current: Traffic = 'flowing';

  /**
   * `stallMs`: how long no byte may arrive on a connected link before it counts as stalled. A
   * second: a mesh link's audio alone brings 50 packets a second, muted too (Opus without DTX sends
   * silence), and RTCP comes every second, so a second with nothing is a dead path, noticed 1-2 s
   * after it died with the once-a-second stats poll (consent freshness takes 5-30 s).
   */
  constructor(private readonly stallMs = 1_000) {}

  get state(): Traffic {
    return this.current;
  }

  /** One reading of the bytes received so far; returns the new state when it changed, else null. */
  observe(bytesIn: number, now: number): Traffic | null {
    if (bytesIn !== this.bytes) {
      // A new connection starts its counters again: any change is data arriving.
      this.bytes = bytesIn;
      this.changedAt = now;
      return this.set('flowing');
    }
    return now - this.changedAt >= this.stallMs ? this.set('stalled') : null;
  }

  /** Forget the readings (a new path or connection starts counting afresh). */
  reset(now: number): void {
    this.bytes = -1;
    this.changedAt = now;
    this.current = 'flowing';
  }

  private set(next: Traffic): Traffic | null {
    if (next === this.current) return null;
    this.current = next;
    return next;
  }
}
