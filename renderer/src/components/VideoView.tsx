/** A <video> bound to a stream from the media registry; one that plays sound uses the chosen speaker. */
import { useEffect, useRef } from 'react';
import { watchFirstFrame } from '../call/first-frame';
import { useStream } from '../call/media-registry';
import { useStore } from '../store';

interface VideoViewProps {
  streamKey: string;
  muted: boolean;
  label: string;
  /** Told when the element shows the first frame of each stream it is given (keep it stable: useCallback). */
  onFirstFrame?: (stream: MediaStream, at: number) => void;
}

export function VideoView({ streamKey, muted, label, onFirstFrame }: VideoViewProps) {
  const stream = useStream(streamKey);
  const speakerId = useStore((s) => s.speakerId);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== stream) video.srcObject = stream;
  }, [stream]);
  useEffect(() => {
    const video = ref.current;
    if (!video || !stream || !onFirstFrame) return;
    return watchFirstFrame(video, (at) => onFirstFrame(stream, at));
  }, [stream, onFirstFrame]);
  useEffect(() => {
    const video = ref.current;
    if (!video || muted || video.sinkId === speakerId) return;
    // The element keeps the output it had; say why the chosen one is not used.
    video.setSinkId(speakerId).catch((error: unknown) => {
      const why = error instanceof DOMException ? error.name : 'an error';
      useStore
        .getState()
        .setNotice(
          `Could not play sound on the chosen speaker (${why}): it may be unplugged or in use. Pick another in the Speaker list; sound stays on the previous one.`,
        );
    });
  }, [speakerId, muted]);
  return <video ref={ref} className="video" autoPlay playsInline muted={muted} aria-label={label} />;
}
