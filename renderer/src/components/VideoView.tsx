/** A <video> bound to a stream from the media registry. */
import { useEffect, useRef } from 'react';
import { useStream } from '../call/media-registry';

export function VideoView({ streamKey, muted, label }: { streamKey: string; muted: boolean; label: string }) {
  const stream = useStream(streamKey);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== stream) video.srcObject = stream;
  }, [stream]);
  return <video ref={ref} className="video" autoPlay playsInline muted={muted} aria-label={label} />;
}
