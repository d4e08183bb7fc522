/**
 * The level of the preview's microphone, read ten times a second from the lobby's MicTap (the
 * AudioContext is the tap's, shared with the device check). A disabled (muted) track gives
 * silence, so the level reads 0.
 */
import { useEffect, useState } from 'react';
import { decayed, levelFromSamples } from './mic-level';
import type { MicTap } from './mic-tap';

/** The meter reads the last 1024 samples (21 ms at 48 kHz) each time: a level, not a recording. */
const METER_SAMPLES = 1024;

export function useMicLevel(tap: MicTap | null): number {
  const [reading, setReading] = useState<{ tap: MicTap | null; level: number }>({ tap: null, level: 0 });
  useEffect(() => {
    if (!tap) return;
    const timer = setInterval(() => {
      const next = levelFromSamples(tap.latest(METER_SAMPLES));
      setReading((previous) => ({ tap, level: decayed(previous.tap === tap ? previous.level : 0, next) }));
    }, 100);
    return () => clearInterval(timer);
  }, [tap]);
  return reading.tap === tap && tap !== null ? reading.level : 0;
}
