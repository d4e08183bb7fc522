/**
 * The longest time a received video stopped showing new frames, as a person
 * watching it would see it: a video element plays the stream and
 * requestVideoFrameCallback reports each frame presented, with the time its
 * last packet arrived (`receiveTime`, WebRTC streams) or, without it, the
 * callback's own time. Used by the stall test and the network-change bench.
 */
export interface FrameGaps {
  /** Frames presented so far. */
  readonly frames: number;
  /** The longest gap between two presented frames so far, and the gap running now (ms). */
  longest(): number;
  /** Every gap over `noteMs` (watchFrameGaps' argument): when it ended (performance.now() time) and how long it was. */
  readonly gaps: readonly { endedAt: number; ms: number }[];
  /** Forget the gaps so far (frames keep being counted): the next longest() covers only what follows. */
  restart(): void;
  /** Resolves once a frame is presented after this call. */
  next(timeoutMs?: number): Promise<void>;
  /** Plays another stream in the same element, as a tile does when its person's stream is replaced. */
  switchTo(stream: MediaStream): void;
  stop(): void;
}

export function watchFrameGaps(stream: MediaStream, label = 'remote video', noteMs = 500): FrameGaps {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('aria-label', label);
  video.srcObject = stream;
  document.body.append(video);
  let frames = 0;
  let last: number | null = null;
  let longest = 0;
  const gaps: { endedAt: number; ms: number }[] = [];
  let stopped = false;
  let handle = 0;
  const waiting = new Set<() => void>();
  const frame = (now: number, meta: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    const at = meta.receiveTime ?? now;
    if (last !== null && at - last > noteMs) gaps.push({ endedAt: at, ms: at - last });
    if (last !== null) longest = Math.max(longest, at - last);
    last = at;
    frames += 1;
    for (const resolve of waiting) resolve();
    waiting.clear();
    handle = video.requestVideoFrameCallback(frame);
  };
  handle = video.requestVideoFrameCallback(frame);
  void video.play().catch(() => undefined);
  return {
    get frames() {
      return frames;
    },
    gaps,
    longest: () => Math.max(longest, last === null ? 0 : performance.now() - last),
    restart: () => {
      longest = 0;
      last = last === null ? null : performance.now();
    },
    next: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(done);
          reject(new Error(`no frame of ${label} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => (clearTimeout(timer), resolve());
        waiting.add(done);
      }),
    switchTo: (next) => {
      video.srcObject = next;
      void video.play().catch(() => undefined);
    },
    stop: () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
      video.srcObject = null;
      video.remove();
      for (const resolve of waiting) resolve();
    },
  };
}
