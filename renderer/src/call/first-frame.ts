/**
 * When a video element shows its first frame: requestVideoFrameCallback's time (the frame
 * handed to the compositor, on screen at the next refresh), the moment a person sees the
 * other's face. The end mark of a link's setup; the benchmark times its own Join the same way.
 */
export function watchFirstFrame(video: HTMLVideoElement, shown: (at: number) => void): () => void {
  const handle = video.requestVideoFrameCallback((now) => shown(now));
  return () => video.cancelVideoFrameCallback(handle);
}
