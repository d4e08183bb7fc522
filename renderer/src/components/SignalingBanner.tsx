/** Shows a signaling drop as a state in words, not a silent freeze, and says what still works. */
import { signalingLostWords } from '../../../shared/call-words';
import { useStore } from '../store';

export function SignalingBanner() {
  const signaling = useStore((s) => s.signaling);
  const detail = useStore((s) => s.signalingDetail);
  const peers = useStore((s) => s.peers);
  if (signaling !== 'reconnecting') return null;
  const list = Object.values(peers);
  const connected = list.filter((p) => p.link === 'connected').map((p) => p.name);
  const down = list.filter((p) => p.link !== 'connected').map((p) => p.name);
  return (
    <div className="banner" role="status">
      {signalingLostWords(detail, connected, down)}
    </div>
  );
}
