/**
 * The stall watchdog of one PeerLink (issue 19): each stats poll feeds the
 * watch (shared/video-stall-watch.ts) with the person's camera frames; a stall
 * asks their side for a keyframe (keyframe-request.ts), then, if frames stay
 * away, restarts ICE through the link's IceRecovery ('video-stalled'). The
 * link's owner hears when the tile should say "Video stalled" and when not.
 */
import type { MediaState } from '../../../shared/signaling';
import type { StatsRecord } from '../../../shared/stats';
import { inboundVideo } from '../../../shared/stats-tracks';
import { VideoStallWatch, type StallStep, type VideoStallTimings } from '../../../shared/video-stall-watch';
import { stallRestartDetail, stallSentence, type KeyframeOutcome } from '../../../shared/video-stall-words';
import { KeyframeRequests } from './keyframe-request';

export interface VideoStallPort {
  /** The person's camera video as received, with its receiver; null: none. */
  camera(): { track: MediaStreamTrack; receiver: RTCRtpReceiver | null } | null;
  /** Connected and carrying data. */
  linkUp(): boolean;
  /** A recovery is under way (a restart for a network change on a working link included). */
  recovering(): boolean;
  /** Step two now, make-before-break (an ICE restart), recorded with this detail. */
  restart(detail: string): void;
  /** Step two in the timeline's words (default "restarting ICE"). */
  readonly remedy?: string;
  /** A timeline entry. */
  event(text: string): void;
  /** "Video stalled" begins (true) or ends (false). */
  changed(stalled: boolean): void;
}

export class VideoStall {
  private readonly watch: VideoStallWatch;
  private readonly keyframes = new KeyframeRequests();
  private cameraOn = false;
  private keyframe: KeyframeOutcome | null = null;
  /** The receiver whose transform a stall attached, taken off when the stall ends. */
  private receiver: RTCRtpReceiver | null = null;
  private stopped = false;
  /** The camera track last read: another one (a new subscription) starts the count again. */
  private track: MediaStreamTrack | null = null;

  constructor(
    private readonly port: VideoStallPort,
    timings?: VideoStallTimings,
  ) {
    this.watch = new VideoStallWatch(timings);
  }

  get stalled(): boolean {
    return this.watch.stalled;
  }

  /** The person's media state as they announced it: only a camera said to be on is watched. */
  heard(state: MediaState): void {
    this.cameraOn = !state.cameraOff;
  }

  /** One stats poll of the link. */
  observe(records: readonly StatsRecord[], now: number): void {
    if (this.stopped) return;
    const camera = this.port.camera();
    if (camera && camera.track !== this.track) {
      if (this.track) this.watch.rebase();
      this.track = camera.track;
    }
    const step = this.watch.observe({
      at: now,
      framesDecoded: camera ? framesOf(records, camera.track.id) : null,
      linkUp: this.port.linkUp(),
      recovering: this.port.recovering(),
      cameraOn: this.cameraOn,
      trackMuted: camera?.track.muted ?? false,
    });
    if (step) this.act(step, camera?.receiver ?? null);
  }

  stop(): void {
    this.stopped = true;
    this.keyframes.stop();
  }

  private act(step: StallStep, receiver: RTCRtpReceiver | null): void {
    switch (step.step) {
      case 'stalled':
        this.port.changed(true);
        void this.askKeyframe(step, receiver);
        return;
      case 'restart':
        this.port.event(stallSentence(step, null, this.port.remedy));
        this.port.restart(stallRestartDetail(step.silentMs, this.keyframe));
        return;
      case 'cleared':
        if (this.receiver) this.keyframes.release(this.receiver);
        this.receiver = null;
        this.keyframe = null;
        this.port.event(stallSentence(step));
        this.port.changed(false);
        return;
    }
  }

  /** Step one: a keyframe request; none possible goes on to the restart at once. */
  private async askKeyframe(step: StallStep, receiver: RTCRtpReceiver | null): Promise<void> {
    this.receiver = receiver;
    const outcome: KeyframeOutcome = receiver
      ? await this.keyframes.request(receiver)
      : { sent: false, why: 'no receiver carries the camera track' };
    if (this.stopped) return;
    this.keyframe = outcome;
    this.port.event(stallSentence(step, outcome));
    if (outcome.sent) return;
    const next = this.watch.skipKeyframe(Date.now());
    if (next) this.act(next, receiver);
  }
}

/**
 * Frames decoded so far on the received track with this id: 0 before the first, null while no
 * packet of it arrived (Chromium reports the stream only then), which is not a stall.
 */
function framesOf(records: readonly StatsRecord[], trackId: string): number | null {
  return inboundVideo(records).find((t) => t.trackId === trackId)?.framesDecoded ?? null;
}
