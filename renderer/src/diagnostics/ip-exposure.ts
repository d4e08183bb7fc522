/**
 * Whether relay-only really hides this computer's addresses right now, judged
 * from what went over signaling and the paths in use, not from the setting.
 */
import type { PeerDiagnostics } from '../../../shared/diagnostics';

export type IpExposure = 'hidden' | 'shared-earlier' | 'pending' | 'off';

export function ipExposure(relayOnly: boolean, peers: readonly PeerDiagnostics[]): IpExposure {
  if (!relayOnly) return 'off';
  const live = peers.filter((p) => p.state !== 'closed');
  const revealed = peers.some((p) => p.candidates.some((c) => c.direction === 'sent' && c.parsed?.type !== 'relay'));
  if (revealed) return 'shared-earlier';
  // Hidden once every live link runs from a local relay candidate.
  const allRelayed = live.length > 0 && live.every((p) => p.latest?.path?.local.type === 'relay');
  return allRelayed ? 'hidden' : 'pending';
}
