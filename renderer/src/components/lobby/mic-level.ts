/** A microphone level for a meter: the loudness of one block of samples, 0 (silence) to 100 (full scale). */

/** Below this the meter shows nothing: room noise, not a voice. */
const FLOOR_DB = -60;

export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.round(Math.min(100, Math.max(0, ((db - FLOOR_DB) / -FLOOR_DB) * 100)));
}

/** The meter falls back slowly after a peak, as level meters do, so a short sound stays readable. */
export function decayed(previous: number, next: number): number {
  return Math.max(next, Math.floor(previous * 0.7));
}
