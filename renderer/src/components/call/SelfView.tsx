/** Your own camera in the call, with what you send in words (muted, camera off). */
import { useStore } from '../../store';
import { VideoView } from '../VideoView';

export function SelfView() {
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const words = [muted && 'You are muted', cameraOff && 'Your camera is off'].filter(Boolean).join(' · ');
  return (
    <aside className="self" aria-label="You">
      <VideoView streamKey="local" muted label="Your camera" />
      {words && <p className="self-state">{words}</p>}
    </aside>
  );
}
