/**
 * What Relay only does for this call, in words that match the paths in use:
 * a badge beside the switch, and, when relay-only could not be established,
 * an alert that says why and offers the two honest choices.
 */
import { ipExposure } from '../../../shared/diagnostics';
import { hangUp, setRelayOnly } from '../call/call-controller';
import { useStore } from '../store';

export function RelayOnlyBadge() {
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const diagnostics = useStore((s) => s.diagnostics);
  const peers = Object.values(diagnostics);
  const exposure = ipExposure(relayOnly, peers);
  const relayingNow = peers.some((p) => p.state !== 'closed' && p.latest?.path?.local.type === 'relay');
  switch (exposure) {
    case 'hidden':
      return (
        <span className="ip-badge" role="status" title="Only TURN relay candidates were sent to anyone in this call">
          IP hidden
        </span>
      );
    case 'shared-earlier':
      return (
        <span className="ip-badge partial" role="status">
          {relayingNow ? 'Relaying now' : 'Relay only'}; your address was shared before Relay only was on
        </span>
      );
    case 'pending':
      return (
        <span className="ip-badge partial" role="status">
          Switching to relay…
        </span>
      );
    case 'direct':
      return (
        <span className="ip-badge warning" role="status" title="Relay only is on, but the call still runs directly">
          Not relayed: the call is direct
        </span>
      );
    default:
      return null;
  }
}

export function RelayOnlyAlert() {
  const message = useStore((s) => s.relayFallback);
  if (!message) return null;
  return (
    <div className="notice" role="alert">
      <p>{message}</p>
      <button type="button" onClick={() => void setRelayOnly(false)}>
        Stay direct
      </button>
      <button type="button" className="danger" onClick={() => void hangUp()}>
        Hang up
      </button>
    </div>
  );
}
