/** The switch for the short sound when someone joins or leaves (off by default). */
import { useStore } from '../../store';

export function SoundsSwitch() {
  const on = useStore((s) => s.joinSounds);
  const setJoinSounds = useStore((s) => s.setJoinSounds);
  return (
    <button
      type="button"
      role="switch"
      className="switch sounds-switch"
      aria-checked={on}
      title="Play a short sound when someone joins or leaves"
      onClick={() => setJoinSounds(!on)}
    >
      Join sounds
    </button>
  );
}
