/**
 * Notices a one-way video stall: a working link (bytes still arrive, so the
 * traffic watch is content) whose camera video stops decoding while the person
 * says their camera is on. Step one is a keyframe request, step two, if frames
 * are still not back after a further wait, an ICE restart. Fed from the stats
 * poll; pure, so it is tested with fake readings.
 *
 * Only the camera is watched: a screen share is a track of its own and a
 * static shared screen legitimately sends next to no frames.
 */

/** One reading, from one stats poll of the link. */
export interface VideoReading {
  at: number;
  /** Frames decoded so far on the person's camera track; null: no camera video received. */
  framesDecoded: number | null;
  /** Connected and carrying data (a link that dropped or stalled is "Reconnecting", not this watch's). */
  linkUp: boolean;
  /** A recovery for another cause is under way (a network change, a drop): never fire during one. */
  recovering: boolean;
  /** The person said their camera is on (false too when nothing was heard yet). */
  cameraOn: boolean;
  /** The received track is muted: the other side stopped sending it. */
  trackMuted: boolean;
}

/** Why a stall is over, or why there is nothing to watch. */
export type StallEnd = 'frames' | 'camera-off' | 'track-muted' | 'link-down' | 'no-video';

export type StallStep =
  { step: 'stalled'; silentMs: number } | { step: 'restart'; silentMs: number } | { step: 'cleared'; why: StallEnd };

/** idle: waiting for a first frame; watching: frames seen (or packets with none); stalled: keyframe asked; restarted: ICE restart asked. */
export type StallPhase = 'idle' | 'watching' | 'stalled' | 'restarted';

export interface VideoStallTimings {
  /** How long no frame may be decoded before the video counts as stalled. */
  stallMs?: number;
  /** How long after the keyframe request frames may stay away before ICE is restarted. */
  restartAfterMs?: number;
}

export class VideoStallWatch {
  private current: StallPhase = 'idle';
  /** The frame count at the last rise, and when it rose (or when counting began). */
  private frames: number | null = null;
  private since = 0;
  private stalledAt = 0;
  /** A stall carried over to a new track (rebase): no packet of it yet is waiting, not "no video". */
  private carried = false;
  private readonly stallMs: number;
  private readonly restartAfterMs: number;

  constructor(timings: VideoStallTimings = {}) {
    this.stallMs = timings.stallMs ?? 2_000;
    this.restartAfterMs = timings.restartAfterMs ?? 2_000;
  }

  get phase(): StallPhase {
    return this.current;
  }

  /** True while the tile should say "Video stalled". */
  get stalled(): boolean {
    return this.current === 'stalled' || this.current === 'restarted';
  }

  /** One reading; returns what to do (or what ended) when something changed, else null. */
  observe(r: VideoReading): StallStep | null {
    if (this.carried && r.linkUp && r.framesDecoded === null) return null;
    const off = offReason(r);
    if (off) return this.quiet(off);
    const frames = r.framesDecoded ?? 0;
    const rose = this.frames !== null && frames > this.frames;
    if (this.frames === null || rose) {
      const was = this.stalled;
      // A first reading is the baseline: counting starts once a frame arrived after it, or at once when
      // none ever decoded. Chromium reports a received video stream once its packets arrive, so frames
      // still at 0 then are packets that never became a picture (a lost keyframe): a stall too.
      if (rose || frames === 0) this.current = 'watching';
      this.carried = false;
      this.frames = frames;
      this.since = r.at;
      return was ? { step: 'cleared', why: 'frames' } : null;
    }
    // Our own restart runs as a recovery: it holds the stall, it does not end it.
    if (r.recovering && this.current !== 'restarted') {
      if (this.current === 'watching') this.since = r.at;
      else if (this.current === 'stalled') this.stalledAt = r.at;
      return null;
    }
    const silentMs = r.at - this.since;
    if (this.current === 'watching' && silentMs >= this.stallMs) {
      this.current = 'stalled';
      this.stalledAt = r.at;
      return { step: 'stalled', silentMs };
    }
    if (this.current === 'stalled' && r.at - this.stalledAt >= this.restartAfterMs) return this.restart(silentMs);
    return null;
  }

  /**
   * The camera now arrives on another track (a new subscription to the same person): its count
   * starts again. A stall holds until that track decodes a frame; otherwise counting starts anew.
   */
  rebase(): void {
    if (this.stalled) {
      this.frames = 0;
      this.carried = true;
    } else {
      this.current = 'idle';
      this.frames = null;
    }
  }

  /** No keyframe could be asked: go on to the restart at once (returns it, with the silence so far). */
  skipKeyframe(at: number): StallStep | null {
    return this.current === 'stalled' ? this.restart(at - this.since) : null;
  }

  private restart(silentMs: number): StallStep {
    this.current = 'restarted';
    return { step: 'restart', silentMs };
  }

  /** Nothing to watch now: forget the count (a first frame must arrive again before anything fires). */
  private quiet(why: StallEnd): StallStep | null {
    const was = this.stalled;
    this.current = 'idle';
    this.frames = null;
    this.carried = false;
    return was ? { step: 'cleared', why } : null;
  }
}

function offReason(r: VideoReading): StallEnd | null {
  if (!r.linkUp) return 'link-down';
  if (r.framesDecoded === null) return 'no-video';
  if (!r.cameraOn) return 'camera-off';
  if (r.trackMuted) return 'track-muted';
  return null;
}
