/**
 * Who is speaking, from a Web Audio analyser per person (the remote camera
 * streams and our own microphone). Not the `audioLevel` of the stats: that is
 * one reading per 1 s poll of a ~100 ms window, so the highlight would lag by
 * up to a second and miss short sounds between polls. Here each analyser's
 * window (170 ms) is longer than the 100 ms between readings, so no sound is
 * missed, and a person stays "speaking" for a short hold after the last sound
 * so the highlight does not flicker between words. Muted people never count.
 */
const READ_EVERY_MS = 100;
const WINDOW_SAMPLES = 8192;
/** Peak sample level that counts as sound (speech peaks well above it; room hiss stays under). */
const SPEAKING_LEVEL = 0.05;
const HOLD_MS = 700;

interface Watched {
  stream: MediaStream;
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  heardAt: number;
  speaking: boolean;
}

export interface SpeakingPort {
  /** Whether this person is muted (their announced state, or ours for 'local'). */
  muted(key: string): boolean;
  changed(key: string, speaking: boolean, level: number): void;
}

/** The loudest peak in the analyser's window. */
function peak(analyser: AnalyserNode, buffer: Float32Array<ArrayBuffer>): number {
  analyser.getFloatTimeDomainData(buffer);
  let max = 0;
  for (const sample of buffer) max = Math.max(max, Math.abs(sample));
  return max;
}

export class SpeakingWatch {
  private readonly context = new AudioContext();
  private readonly watched = new Map<string, Watched>();
  private readonly buffer = new Float32Array(WINDOW_SAMPLES);
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly port: SpeakingPort,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The streams to listen to, by key; others are let go. Re-reads a stream whose audio track changed. */
  sync(streams: Map<string, MediaStream>): void {
    for (const [key, entry] of this.watched) {
      if (streams.get(key) !== entry.stream || entry.stream.getAudioTracks()[0] !== entry.track) this.unwatch(key);
    }
    for (const [key, stream] of streams) {
      const track = stream.getAudioTracks()[0];
      if (!track || this.watched.has(key)) continue;
      // A source of its own track: the analyser hears this person only, whatever else the stream gets.
      const source = this.context.createMediaStreamSource(new MediaStream([track]));
      const analyser = this.context.createAnalyser();
      analyser.fftSize = WINDOW_SAMPLES;
      source.connect(analyser);
      this.watched.set(key, { stream, track, source, analyser, heardAt: -Infinity, speaking: false });
    }
    if (this.watched.size > 0 && this.context.state === 'suspended') void this.context.resume();
    if (this.watched.size > 0) this.timer ??= setInterval(() => this.read(), READ_EVERY_MS);
    else this.stopTimer();
  }

  private unwatch(key: string): void {
    const entry = this.watched.get(key);
    if (!entry) return;
    entry.source.disconnect();
    this.watched.delete(key);
    if (entry.speaking) this.port.changed(key, false, 0);
  }

  private read(): void {
    const now = this.now();
    for (const [key, entry] of this.watched) {
      const level = peak(entry.analyser, this.buffer);
      if (level >= SPEAKING_LEVEL) entry.heardAt = now;
      const speaking = !this.port.muted(key) && now - entry.heardAt < HOLD_MS;
      if (speaking !== entry.speaking) {
        entry.speaking = speaking;
        this.port.changed(key, speaking, level);
      }
    }
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stopTimer();
    for (const key of [...this.watched.keys()]) this.unwatch(key);
    void this.context.close();
  }
}
