/**
 * You in the call: your camera, lit while your microphone picks up sound
 * (never while muted), what you send in words (muted, camera off), and while
 * you share, a small preview of your screen named "Your screen".
 */
import { screenKey } from '../../call/media-streams';
import { useStream } from '../../call/media-registry';
import { useStore } from '../../store';
import { Icon } from '../Icon';
import { VideoView } from '../VideoView';
import './self-view.css';

/** Our own share, as media-events.ts keeps it (a remote person's is under their id). */
const OWN_SCREEN = screenKey('local');

function YourScreen() {
  const stream = useStream(OWN_SCREEN);
  if (!stream) return null;
  return (
    <figure className="self-screen" aria-label="Your screen">
      <VideoView streamKey={OWN_SCREEN} muted label="Your screen" />
      <figcaption>
        <Icon name="screen" />
        Your screen
      </figcaption>
    </figure>
  );
}

export function SelfView() {
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const speaking = useStore((s) => s.speaking.local === true && !s.muted);
  const words = [muted && 'You are muted', cameraOff && 'Your camera is off'].filter(Boolean).join(' · ');
  return (
    <aside className={`self${speaking ? ' self-speaking' : ''}`} aria-label="You" data-speaking={speaking}>
      <YourScreen />
      <div className="self-camera">
        <VideoView streamKey="local" muted label="Your camera" />
        {speaking && (
          <span className="self-speaking-label">
            <Icon name="speaking" />
            Speaking
          </span>
        )}
      </div>
      {words && <p className="self-state">{words}</p>}
    </aside>
  );
}
