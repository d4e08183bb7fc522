/** A bar next to the preview that moves with what the microphone picks up (0 while muted). */
import { useStore } from '../../store';
import type { MicTap } from './mic-tap';
import { useMicLevel } from './use-mic-level';

/** `tap`: the preview's microphone (Lobby's Preview opens it, shared with the device check). */
export function MicLevelMeter({ tap }: { tap: MicTap | null }) {
  const muted = useStore((s) => s.muted);
  const level = useMicLevel(tap);
  const words = !tap ? 'No microphone open' : muted ? 'Muted: nothing is sent' : `${level} %`;
  return (
    <div className="mic-meter">
      <span id="mic-level-label" className="mic-meter-label">
        Input level
      </span>
      <div
        className="meter"
        role="meter"
        aria-labelledby="mic-level-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={level}
        aria-valuetext={words}
        data-muted={muted}
      >
        <div className="meter-fill" style={{ transform: `scaleX(${level / 100})` }} />
      </div>
      <span className="mic-meter-words" aria-hidden="true">
        {muted ? 'Muted' : tap ? 'Speak to test' : ''}
      </span>
    </div>
  );
}
