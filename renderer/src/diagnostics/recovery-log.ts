/**
 * The recoveries of one person's link, for the timeline and the after-call
 * summary: each begins with its cause (from the link), is over once the link
 * carries media on a path again (connected after a drop, or a new pair
 * selected after a restart on a working link), and is closed with the path it
 * moved to and the media gap once video flows again. TURN errors seen while it
 * runs name a dropped relay's cause (701: the server did not answer; 401: the
 * credentials were refused).
 */
import type { LinkState, RecoveryCause, RecoveryRecord } from '../../../shared/diagnostics';
import { FrameGaps } from './recovery-gap';

interface Open {
  record: RecoveryRecord;
  sawDown: boolean;
  newPair: boolean;
  connected: boolean;
  relayed: boolean;
}

export class RecoveryLog {
  private done: RecoveryRecord[] = [];
  private open: Open | null = null;
  private readonly gaps = new FrameGaps();

  constructor(private readonly now: () => number) {}

  /** Every recovery so far, the one under way last. */
  get all(): RecoveryRecord[] {
    return this.open ? [...this.done, this.open.record] : this.done;
  }

  /** A recovery began on a path described as `from` (relayed or not); one under way already keeps its cause. */
  begin(cause: RecoveryCause, detail: string, from: string | null, relayed: boolean, connected: boolean): void {
    if (this.open) return;
    const record: RecoveryRecord = {
      startedAt: this.now(),
      ...{ endedAt: null, cause, detail, from, to: null, gapMs: null, outcome: 'recovering' },
    };
    this.open = { record, sawDown: false, newPair: false, connected, relayed };
  }

  state(state: LinkState): void {
    if (!this.open) return;
    this.open.connected = state === 'connected';
    if (state === 'reconnecting' || state === 'connecting') this.open.sawDown = true;
    if (state === 'failed' || state === 'closed') this.close('failed');
    else this.maybeEnded();
  }

  /** The transport selected another candidate pair. */
  pairSelected(): void {
    if (!this.open) return;
    this.open.newPair = true;
    this.maybeEnded();
  }

  /** A STUN/TURN error while a relayed path recovers says why it dropped. */
  candidateError(code: number): void {
    const open = this.open;
    if (!open?.relayed || (open.record.cause !== 'no-traffic' && open.record.cause !== 'connection-lost')) return;
    const cause = code === 701 ? 'turn-lost' : code === 401 ? 'credentials-expired' : null;
    if (cause) open.record = { ...open.record, cause };
  }

  /** One stats poll; the path now in use, in words. Returns the recovery it finished, if any. */
  stats(records: Parameters<FrameGaps['observe']>[0], path: string | null): RecoveryRecord | null {
    const frames = this.gaps.observe(records, this.now());
    const open = this.open;
    if (!open) return null;
    const gap = frames ? Math.max(open.record.gapMs ?? 0, frames.longestMs) : open.record.gapMs;
    open.record = { ...open.record, gapMs: gap };
    // Finished once media is back on a path: the first frames decoded after it ended (or no video at all).
    if (open.record.endedAt === null || (frames && !frames.decoded)) return null;
    open.record = { ...open.record, to: path, gapMs: frames ? gap : null };
    return this.close('recovered');
  }

  private maybeEnded(): void {
    const open = this.open;
    if (!open || open.record.endedAt !== null || !open.connected || !(open.sawDown || open.newPair)) return;
    open.record = { ...open.record, endedAt: this.now() };
  }

  private close(outcome: 'recovered' | 'failed'): RecoveryRecord | null {
    if (!this.open) return null;
    const record = { ...this.open.record, outcome, endedAt: this.open.record.endedAt ?? this.now() };
    this.open = null;
    this.done = [...this.done, record];
    return record;
  }
}
