/** One stats poll of every connection to Janus in use, each handed to its recorder by the Call. */
import type { LinkRecorder } from '../../diagnostics/link-recorder';
import type { LinkRecorders } from '../../diagnostics/link-recorders';
import type { LinkStats } from '../link';

/** `polled` hears each poll of a connection still in use once its figures are in. */
export async function pollSfu(
  pcs: ReadonlyMap<string, RTCPeerConnection>,
  recorders: LinkRecorders,
  polled: (id: string, pc: RTCPeerConnection, records: LinkStats['records'], recorder: LinkRecorder) => void,
): Promise<LinkStats[]> {
  const all = await Promise.all(
    [...pcs].map(async ([id, pc]): Promise<LinkStats | null> => {
      const recorder = recorders.get(id);
      if (!recorder || pc.connectionState === 'closed') return null;
      const records = [...(await pc.getStats()).values()] as LinkStats['records'];
      if (pcs.get(id) !== pc) return null; // replaced while the figures came
      polled(id, pc, records, recorder);
      return { remoteId: id, records, recorder };
    }),
  );
  return all.filter((entry) => entry !== null);
}
