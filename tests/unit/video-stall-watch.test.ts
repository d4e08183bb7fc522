/**
 * The stall watchdog's rule (shared/video-stall-watch.ts) on fake readings:
 * a camera that stops decoding on a working link is a stall at 2 s, a restart
 * 2 s later; camera off, a muted track, a dropped link or another recovery
 * never fire it; frames coming back clear it. And its words say a keyframe
 * was asked only when it was.
 */
import { describe, expect, it } from 'vitest';
import { VideoStallWatch, type VideoReading } from '../../shared/video-stall-watch';
import { stallRestartDetail, stallSentence } from '../../shared/video-stall-words';

const up = (at: number, framesDecoded: number | null, rest: Partial<VideoReading> = {}): VideoReading => ({
  at,
  framesDecoded,
  linkUp: true,
  recovering: false,
  cameraOn: true,
  trackMuted: false,
  ...rest,
});

/** Feeds one reading every 250 ms from `from` to `to` with a fixed frame count; returns the steps that came out. */
function still(watch: VideoStallWatch, from: number, to: number, frames: number, rest: Partial<VideoReading> = {}) {
  const steps = [];
  for (let at = from; at <= to; at += 250) {
    const step = watch.observe(up(at, frames, rest));
    if (step) steps.push({ at, ...step });
  }
  return steps;
}

describe('VideoStallWatch', () => {
  it('frames that stop on a working link: stalled at 2 s, restart 2 s later, cleared when a frame comes', () => {
    const watch = new VideoStallWatch();
    expect(watch.observe(up(0, 10))).toBeNull();
    expect(watch.observe(up(250, 18))).toBeNull();
    expect(watch.phase).toBe('watching');
    const steps = still(watch, 500, 4_500, 18);
    expect(steps).toEqual([
      { at: 2_250, step: 'stalled', silentMs: 2_000 },
      { at: 4_250, step: 'restart', silentMs: 4_000 },
    ]);
    expect(watch.stalled).toBe(true);
    expect(watch.observe(up(4_750, 19))).toEqual({ step: 'cleared', why: 'frames' });
    expect(watch.stalled).toBe(false);
    expect(watch.phase).toBe('watching');
  });

  it('never fires on a count that has not moved since it was first read, frames decoded before it', () => {
    const watch = new VideoStallWatch();
    expect(still(watch, 0, 10_000, 40)).toEqual([]);
    expect(watch.phase).toBe('idle');
  });

  it('video packets arriving with no frame ever decoded (a lost keyframe): stalled at 2 s, then a restart', () => {
    const watch = new VideoStallWatch();
    expect(still(watch, 0, 4_000, 0)).toEqual([
      { at: 2_000, step: 'stalled', silentMs: 2_000 },
      { at: 4_000, step: 'restart', silentMs: 4_000 },
    ]);
    expect(watch.observe(up(4_250, 1))).toEqual({ step: 'cleared', why: 'frames' });
  });

  it.each([
    ['camera off', { cameraOn: false }],
    ['the track muted (their side stopped sending)', { trackMuted: true }],
    ['the link down (Reconnecting says it)', { linkUp: false }],
  ])('%s: nothing fires, however long', (_what, rest) => {
    const watch = new VideoStallWatch();
    watch.observe(up(0, 10));
    watch.observe(up(250, 11));
    expect(still(watch, 500, 10_000, 11, rest)).toEqual([]);
  });

  it.each([
    ['camera-off', { cameraOn: false }],
    ['track-muted', { trackMuted: true }],
    ['link-down', { linkUp: false }],
  ] as const)(
    'a stall ends, said as %s, when that begins; a first frame must come again before it fires',
    (why, rest) => {
      const watch = new VideoStallWatch();
      watch.observe(up(0, 10));
      watch.observe(up(250, 11));
      expect(still(watch, 500, 2_250, 11).map((s) => s.step)).toEqual(['stalled']);
      expect(watch.observe(up(2_500, 11, rest))).toEqual({ step: 'cleared', why });
      // Back on, the same count: no frame yet since, so nothing fires.
      expect(still(watch, 2_750, 8_000, 11)).toEqual([]);
    },
  );

  it('no camera video received (the track went away) ends a stall as no-video', () => {
    const watch = new VideoStallWatch();
    watch.observe(up(0, 10));
    watch.observe(up(250, 11));
    still(watch, 500, 2_250, 11);
    expect(watch.observe(up(2_500, null))).toEqual({ step: 'cleared', why: 'no-video' });
  });

  it('another recovery under way holds the count: silence during it is not a stall', () => {
    const watch = new VideoStallWatch();
    watch.observe(up(0, 10));
    watch.observe(up(250, 11));
    expect(still(watch, 500, 6_000, 11, { recovering: true })).toEqual([]);
    // The recovery is over: the 2 s count starts from its last reading.
    const steps = still(watch, 6_250, 8_500, 11);
    expect(steps.map((s) => [s.at, s.step])).toEqual([[8_000, 'stalled']]);
  });

  it('its own restart (a recovery too) neither ends nor repeats the stall', () => {
    const watch = new VideoStallWatch({ stallMs: 1_000, restartAfterMs: 1_000 });
    watch.observe(up(0, 10));
    watch.observe(up(250, 11));
    const steps = still(watch, 500, 2_250, 11);
    expect(steps.map((s) => s.step)).toEqual(['stalled', 'restart']);
    expect(still(watch, 2_500, 10_000, 11, { recovering: true })).toEqual([]);
    expect(watch.stalled).toBe(true);
  });

  it('with no keyframe possible, skipKeyframe goes on to the restart at once', () => {
    const watch = new VideoStallWatch();
    watch.observe(up(0, 10));
    watch.observe(up(250, 11));
    still(watch, 500, 2_250, 11);
    expect(watch.skipKeyframe(2_300)).toEqual({ step: 'restart', silentMs: 2_050 });
    expect(watch.skipKeyframe(2_400)).toBeNull();
  });

  it('the camera on a new track (a new subscription): a stall holds until that track decodes, its lower count no stall', () => {
    const watch = new VideoStallWatch({ stallMs: 1_000, restartAfterMs: 1_000 });
    watch.observe(up(0, 500));
    watch.observe(up(250, 510));
    expect(still(watch, 500, 2_250, 510).map((s) => s.step)).toEqual(['stalled', 'restart']);
    watch.rebase();
    // No packet on the new track yet, then packets with no frame: still stalled, nothing more asked.
    expect(watch.observe(up(2_500, null))).toBeNull();
    expect(still(watch, 2_750, 6_000, 0)).toEqual([]);
    expect(watch.stalled).toBe(true);
    expect(watch.observe(up(6_250, 3))).toEqual({ step: 'cleared', why: 'frames' });
    // Counting goes on from the new track's count.
    expect(still(watch, 6_500, 7_000, 6)).toEqual([]);
  });

  it('a new track while frames flowed starts a new count: its lower figures are not a stall', () => {
    const watch = new VideoStallWatch();
    watch.observe(up(0, 900));
    watch.observe(up(250, 910));
    watch.rebase();
    for (let at = 500, frames = 0; at <= 4_000; at += 250, frames += 5)
      expect(watch.observe(up(at, frames))).toBeNull();
    expect(watch.stalled).toBe(false);
  });
});

describe('the stall in words', () => {
  it('says a keyframe was requested only when it was', () => {
    const stalled = { step: 'stalled', silentMs: 2_000 } as const;
    expect(stallSentence(stalled)).toBe('video stalled: no frame decoded for 2.0 s while the link works');
    expect(stallSentence(stalled, { sent: true })).toMatch(/; keyframe requested$/);
    expect(stallSentence(stalled, { sent: false, why: 'no receiver carries the camera track' })).toBe(
      'video stalled: no frame decoded for 2.0 s while the link works; no keyframe could be asked (no receiver carries the camera track)',
    );
    expect(stallRestartDetail(4_000, { sent: true })).toBe('no video frame for 4.0 s, after a keyframe request');
    expect(stallRestartDetail(2_100, { sent: false, why: 'x' })).toBe(
      'no video frame for 2.1 s, no keyframe could be asked',
    );
  });

  it('names step two as the link takes it: an ICE restart on a mesh link, a new subscription on Janus', () => {
    const restart = { step: 'restart', silentMs: 4_250 } as const;
    expect(stallSentence(restart)).toBe('video still stalled after 4.3 s: restarting ICE');
    expect(stallSentence(restart, null, 'subscribing to their feed on Janus again')).toBe(
      'video still stalled after 4.3 s: subscribing to their feed on Janus again',
    );
  });
});
