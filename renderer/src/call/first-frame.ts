/**
 * When a video element shows its first frame: the moment a person sees the other's face, the
 * end mark of a link's setup. Taken as performance.now() when requestVideoFrameCallback runs
 * (the frame was handed to the compositor), like every other mark: when the page learned of
 * it. The callback's own `now` is the start of that rendering frame, up to one frame earlier,
 * and can come before the page was even told DTLS connected.
 */
export function watchFirstFrame(video: HTMLVideoElement, shown: (at: number) => void): () => void {
  const handle = video.requestVideoFrameCallback(() => shown(performance.now()));
  return () => video.cancelVideoFrameCallback(handle);
}
