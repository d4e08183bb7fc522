/**
 * The level of a stream's microphone, read ten times a second with a Web Audio AnalyserNode.
 * The AudioContext lives as long as the component that asks (closed on unmount or when the
 * stream is replaced). A disabled (muted) track gives silence, so the level reads 0.
 */
import { useEffect, useState } from 'react';
import { decayed, levelFromSamples } from './mic-level';

export function useMicLevel(stream: MediaStream | null): number {
  const [reading, setReading] = useState<{ stream: MediaStream | null; level: number }>({ stream: null, level: 0 });
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const next = levelFromSamples(samples);
      setReading((previous) => ({ stream, level: decayed(previous.stream === stream ? previous.level : 0, next) }));
    }, 100);
    // Where the page may not start audio on its own (autoplay policy), the first click starts it.
    const resume = () => void context.resume();
    document.addEventListener('pointerdown', resume, { once: true });
    return () => {
      clearInterval(timer);
      document.removeEventListener('pointerdown', resume);
      source.disconnect();
      void context.close();
    };
  }, [stream]);
  return reading.stream === stream && stream !== null ? reading.level : 0;
}
