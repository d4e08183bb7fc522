/**
 * Under the relay policy, a gathering round that ends, or runs for `timeoutMs`, with no candidate
 * means no TURN server gave a relay (Chromium itself retries an unanswered TURN server for about
 * 40 s): the connection cannot work (or its recovery attempt cannot), whatever its state says.
 */
interface RelayGatheringOptions {
  /** The connection's ICE transport policy now (only 'relay' is watched). */
  policy: () => RTCIceTransportPolicy;
  timeoutMs: number;
  /** A round under the relay policy gave no candidate; `when` says how that was found. */
  onNone: (when: string) => void;
}

export class RelayGathering {
  /** Candidates found in the current gathering round (a restart begins a new one). */
  private gathered = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RelayGatheringOptions) {}

  /** The connection found a candidate in this round. */
  candidate(): void {
    this.gathered += 1;
    clearTimeout(this.timer);
  }

  /** The connection's iceGatheringState changed. */
  changed(state: RTCIceGatheringState): void {
    if (state === 'gathering') this.round();
    if (state === 'complete') {
      clearTimeout(this.timer);
      this.check('gathering complete');
    }
  }

  /** A new gathering round (a restart may begin one while the old is still running): count and time it afresh. */
  round(): void {
    clearTimeout(this.timer);
    this.gathered = 0;
    const wait = this.options.timeoutMs;
    if (this.options.policy() === 'relay') this.timer = setTimeout(() => this.check(`none within ${wait} ms`), wait);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private check(when: string): void {
    if (this.gathered > 0 || this.options.policy() !== 'relay') return;
    this.options.onNone(when);
  }
}
