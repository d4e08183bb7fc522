/**
 * The pieces of a PeerLink that are not negotiation: its options, how its
 * state is named, and the watcher of its DTLS transport and selected pair.
 */
import type { LinkState } from '../../../shared/diagnostics';
import type { NetworkChange } from '../../../shared/network-change';
import type { SignalData } from '../../../shared/signaling';
import type { VideoStallTimings } from '../../../shared/video-stall-watch';
import type { FirstOffer } from './first-offer';
import type { IceRecoveryOptions } from './ice-recovery';
import type { LinkEvents } from './link';

export type { LinkState };

/** How recovery is timed; the defaults suit people, tests pass short ones. */
export type RecoveryTimings = Partial<Pick<IceRecoveryOptions, 'graceMs' | 'delaysMs' | 'attemptTimeoutMs'>> & {
  /** No data for this long on a connected link counts as a drop. */
  stallMs?: number;
  /** Under Relay only, a gathering round with no relay candidate after this long counts as "no TURN server answered". */
  gatherTimeoutMs?: number;
  /** The stall watchdog's waits (video-stall.ts): 2 s without a frame, then 2 s more after the keyframe request. */
  videoStall?: VideoStallTimings;
};

export interface PeerLinkOptions extends LinkEvents {
  remoteId: string;
  /** The polite peer rolls back its own offer when offers collide. */
  polite: boolean;
  configuration: RTCConfiguration;
  localStream: MediaStream;
  /**
   * The initiator adds its tracks at once and so sends the first offer. The
   * other side attaches its tracks to the transceivers that offer creates, so
   * a call needs one round trip, not two.
   */
  initiator: boolean;
  /** A first offer that went with the join to this peer: the link takes over its connection and applies it. */
  firstOffer?: FirstOffer;
  /** Which session between these two peers this connection is (0 first; higher replaces lower). */
  session?: number;
  send(data: SignalData): void;
  /** Fresh servers (credentials) for an ICE restart; null keeps the current ones. */
  freshConfiguration?(): Promise<RTCConfiguration | null>;
  recovery?: RecoveryTimings;
  /** Subscribes to this computer's network changes (the call's `network:changed`); returns the unsubscribe. */
  network?: (listener: (change: NetworkChange) => void) => () => void;
}

export function usesTurn(configuration: RTCConfiguration): boolean {
  return (configuration.iceServers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/.test(url)),
  );
}

export function toState(
  state: RTCPeerConnectionState,
  recovering: boolean,
  lost: boolean,
  stalled: boolean,
): LinkState {
  if (lost) return 'failed';
  if (stalled && state === 'connected') return 'reconnecting';
  if (recovering && state !== 'connected' && state !== 'closed') return 'reconnecting';
  switch (state) {
    case 'connected':
      return 'connected';
    case 'disconnected':
      return 'reconnecting';
    case 'failed':
      return 'failed';
    case 'closed':
      return 'closed';
    default:
      return 'connecting';
  }
}

/** DTLS state and selected-pair changes live on the transports, which exist once negotiation began. */
export function watchTransport(
  pc: RTCPeerConnection,
  watched: RTCDtlsTransport | null,
  onEvent: LinkEvents['onEvent'],
): RTCDtlsTransport | null {
  const dtls =
    pc.getSenders().find((s) => s.transport)?.transport ?? pc.getReceivers().find((r) => r.transport)?.transport;
  if (!dtls || watched === dtls) return watched;
  dtls.onstatechange = () => onEvent?.('dtls', dtls.state);
  dtls.iceTransport.onselectedcandidatepairchange = () => {
    const words = pairWords(dtls.iceTransport.getSelectedCandidatePair());
    if (words) onEvent?.('pair', words);
  };
  return dtls;
}

/** A selected candidate pair for the timeline ("host udp 10.0.0.2:5000 ⇄ relay 203.0.113.9:3478"); null: none. */
export function pairWords(pair: RTCIceCandidatePair | null): string | null {
  const { local, remote } = pair ?? {};
  if (!local || !remote) return null;
  return `${local.type ?? '?'} ${local.protocol ?? ''} ${local.address ?? ''}:${local.port ?? ''} ⇄ ${remote.type ?? '?'} ${remote.address ?? ''}:${remote.port ?? ''}`;
}

/** Removes every handler a PeerLink set, so nothing of a closed connection calls back. */
export function silence(pc: RTCPeerConnection): void {
  pc.onnegotiationneeded = null;
  pc.onicecandidate = null;
  pc.ontrack = null;
  pc.onconnectionstatechange = null;
  pc.oniceconnectionstatechange = null;
  pc.onicegatheringstatechange = null;
  pc.onicecandidateerror = null;
  pc.onsignalingstatechange = null;
}

/** A description as the signaling schema carries it (an RTCSessionDescription does not serialize itself). */
export function plain(description: RTCSessionDescription): { type: RTCSdpType; sdp: string } {
  return { type: description.type, sdp: description.sdp };
}
