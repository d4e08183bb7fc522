/**
 * One Web Audio AnalyserNode on the preview's microphone, shared by the level meter and the device
 * check, so the lobby opens one AudioContext per microphone track. `useMicTap` opens it while a
 * component shows it and closes it on unmount or when the track is replaced.
 */
import { useMemo, useSyncExternalStore } from 'react';

/**
 * The analyser's window, the largest Web Audio allows: 0.68 s at 48 kHz, so a reader every 100 ms
 * (even one delayed a few hundred ms) misses no sample between two reads.
 */
const WINDOW = 32_768;

export class MicTap {
  private readonly context = new AudioContext();
  private readonly source: MediaStreamAudioSourceNode;
  private readonly analyser: AnalyserNode;
  private readonly window = new Float32Array(WINDOW);

  constructor(readonly track: MediaStreamTrack) {
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = WINDOW;
    this.source.connect(this.analyser);
    document.addEventListener('pointerdown', this.onPointer, { once: true });
  }

  /** Where the page may not start audio on its own (autoplay policy), the first click starts it. */
  private readonly onPointer = (): void => void this.resume();

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** Starts a context the autoplay policy left suspended (the device check asks too). */
  resume(): Promise<void> {
    return this.context.state === 'suspended' ? this.context.resume() : Promise.resolve();
  }

  /** The most recent `count` samples (at most the analyser's window). */
  latest(count: number): Float32Array {
    this.analyser.getFloatTimeDomainData(this.window);
    return this.window.slice(WINDOW - Math.min(count, WINDOW));
  }

  /**
   * A reader: each call returns the samples rendered since its previous call (none the first
   * time), counted on the audio clock, so a suspended context gives nothing rather than repeats.
   */
  reader(): () => Float32Array {
    let last = this.context.currentTime;
    return () => {
      const now = this.context.currentTime;
      const fresh = Math.round((now - last) * this.context.sampleRate);
      last = now;
      return fresh > 0 ? this.latest(fresh) : new Float32Array(0);
    };
  }

  close(): void {
    document.removeEventListener('pointerdown', this.onPointer);
    this.source.disconnect();
    void this.context.close();
  }
}

/** Opens a MicTap on the first subscriber and closes it with the last (React subscribes on mount). */
class TapHolder {
  private tap: MicTap | null = null;
  private listeners = 0;

  constructor(private readonly track: MediaStreamTrack | null) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners += 1;
    if (this.track && !this.tap) {
      this.tap = new MicTap(this.track);
      listener();
    }
    return () => {
      this.listeners -= 1;
      if (this.listeners > 0) return;
      this.tap?.close();
      this.tap = null;
    };
  };

  current = (): MicTap | null => this.tap;
}

/** The tap on `stream`'s microphone while the calling component is mounted (null without one). */
export function useMicTap(stream: MediaStream | null): MicTap | null {
  const track = stream?.getAudioTracks()[0] ?? null;
  const holder = useMemo(() => new TapHolder(track), [track]);
  return useSyncExternalStore(holder.subscribe, holder.current);
}
