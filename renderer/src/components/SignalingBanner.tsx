/** Shows a signaling drop as a state in words, not a silent freeze. */
import { useStore } from '../store';

export function SignalingBanner() {
  const signaling = useStore((s) => s.signaling);
  const detail = useStore((s) => s.signalingDetail);
  if (signaling !== 'reconnecting') return null;
  return (
    <div className="banner" role="status">
      Signaling connection lost{detail ? ` (${detail})` : ''}. Reconnecting… Calls already connected keep going; new
      people cannot join until it is back.
    </div>
  );
}
