/**
 * ICE between one RTCPeerConnection and its Janus handle: our candidates trickled to Janus (and
 * their end), Janus's trickled candidates added to the connection. Janus answers each trickle
 * with an ack; one it refuses is reported, not thrown, since the others may still connect.
 */
import { janusCandidateSchema } from '../../../../shared/janus';
import type { JanusHandle } from '../../../../shared/janus-session';

/** Each candidate line that went to Janus or came from it (for the diagnostics' candidate table). */
export type CandidateWatch = (direction: 'sent' | 'received', line: string) => void;

export function trickleBetween(
  pc: RTCPeerConnection,
  handle: JanusHandle,
  onProblem: (problem: string) => void,
  onCandidate: CandidateWatch = () => undefined,
): () => void {
  const send = (event: RTCPeerConnectionIceEvent) => {
    const c = event.candidate;
    const candidate =
      c && c.candidate !== ''
        ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
        : ({ completed: true } as const);
    if (c && c.candidate !== '') onCandidate('sent', c.candidate);
    handle.trickle(candidate).catch((error: unknown) => onProblem(`Janus refused a candidate: ${String(error)}`));
  };
  pc.addEventListener('icecandidate', send);
  const off = handle.onEvent((event) => {
    if (event.janus !== 'trickle') return;
    const parsed = janusCandidateSchema.safeParse(event.candidate);
    if (!parsed.success) return; // { completed: true }: Janus has no more candidates.
    const { candidate, sdpMid, sdpMLineIndex } = parsed.data;
    onCandidate('received', candidate);
    pc.addIceCandidate({ candidate, sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null }).catch(
      (error: unknown) => onProblem(`a candidate from Janus was refused: ${String(error)}`),
    );
  });
  return () => {
    pc.removeEventListener('icecandidate', send);
    off();
  };
}
