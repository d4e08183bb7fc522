/**
 * The stall watchdog's steps in words (shared/video-stall-watch.ts): the
 * timeline's sentences, and the detail its ICE restart is recorded with.
 * They say a keyframe was asked only when the request was made.
 */
import type { StallEnd, StallStep } from './video-stall-watch';

/** What became of a keyframe request: made, or why not. */
export type KeyframeOutcome = { sent: true } | { sent: false; why: string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const endWords: Record<StallEnd, string> = {
  frames: 'video frames arriving again',
  'camera-off': 'their camera is off: the stall is no longer watched',
  'track-muted': 'their side stopped sending video: the stall is no longer watched',
  'link-down': 'the link dropped: Reconnecting takes over from Video stalled',
  'no-video': 'no camera video received any more',
};

/**
 * The timeline entry of one step; a stall says what became of its keyframe request, a restart
 * what step two is on this link (an ICE restart on a mesh link, a new subscription on Janus).
 */
export function stallSentence(
  step: StallStep,
  keyframe: KeyframeOutcome | null = null,
  remedy = 'restarting ICE',
): string {
  switch (step.step) {
    case 'stalled': {
      const head = `video stalled: no frame decoded for ${seconds(step.silentMs)} while the link works`;
      if (!keyframe) return head;
      return keyframe.sent ? `${head}; keyframe requested` : `${head}; no keyframe could be asked (${keyframe.why})`;
    }
    case 'restart':
      return `video still stalled after ${seconds(step.silentMs)}: ${remedy}`;
    case 'cleared':
      return endWords[step.why];
  }
}

/** The detail of the recovery a stall's restart begins ("no video frame for 4.0 s after a keyframe request"). */
export function stallRestartDetail(silentMs: number, keyframe: KeyframeOutcome | null): string {
  const after = keyframe?.sent ? 'after a keyframe request' : 'no keyframe could be asked';
  return `no video frame for ${seconds(silentMs)}, ${after}`;
}
