/**
 * One RTCPeerConnection to one remote peer, negotiated with the
 * perfect-negotiation pattern (either side may offer at any time; the polite
 * side yields on glare) and trickle ICE: candidates go out as they are found.
 */
import { revealsAddress } from '../../../shared/candidate';
import type { TimelineKind } from '../../../shared/diagnostics';
import type { SignalData } from '../../../shared/signaling';
import { IceRecovery } from './ice-recovery';

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface PeerLinkOptions {
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
  /** Which session between these two peers this connection is (0 first; higher replaces lower). */
  session?: number;
  send(data: SignalData): void;
  onState?(state: LinkState): void;
  onRemoteStream?(stream: MediaStream): void;
  onError?(error: Error): void;
  /** Every change of connection, ICE, DTLS, gathering and signaling state, and of the selected pair. */
  onEvent?(kind: TimelineKind, value: string): void;
  /** Every candidate that went over signaling, either way. */
  onCandidate?(direction: 'sent' | 'received', line: string): void;
  /** Fresh servers (credentials) for an ICE restart; null keeps the current ones. */
  freshConfiguration?(): Promise<RTCConfiguration | null>;
  /** The connection is lost for good: recovery gave up, or it never connected at all. */
  onLost?(neverConnected: boolean): void;
}

function toState(state: RTCPeerConnectionState, recovering: boolean, lost: boolean): LinkState {
  if (lost) return 'failed';
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

export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly remoteStream = new MediaStream();
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private tracksAttached = false;
  private watchedTransport: RTCDtlsTransport | null = null;
  private lost = false;
  private everConnected = false;
  private readonly recovery: IceRecovery;
  /** Signals are handled strictly in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerLinkOptions) {
    this.pc = new RTCPeerConnection(options.configuration);
    const pc = this.pc;
    this.recovery = new IceRecovery({
      restart: (attempt) => void this.recover(attempt),
      giveUp: () => {
        this.lost = true;
        options.onEvent?.('restart', `gave up after ${this.recovery.attempts} ICE restarts`);
        options.onState?.('failed');
        options.onLost?.(false);
      },
    });

    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription)
          options.send({ description: this.describe(pc.localDescription), session: this.session });
      } catch (error) {
        this.report(error);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      // Relay-only promises the other side never learns our addresses: hold back anything but relay.
      if (this.pc.getConfiguration().iceTransportPolicy === 'relay' && revealsAddress(candidate.candidate)) return;
      options.onCandidate?.('sent', candidate.candidate);
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      options.send({
        candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment },
        session: this.session,
      });
    };
    pc.ontrack = ({ track }) => {
      for (const old of this.remoteStream.getTracks().filter((t) => t.kind === track.kind && t !== track)) {
        this.remoteStream.removeTrack(old);
      }
      if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
      options.onRemoteStream?.(this.remoteStream);
    };
    pc.onconnectionstatechange = () => {
      options.onEvent?.('connection', pc.connectionState);
      if (pc.connectionState === 'connecting') this.watchTransport();
      if (pc.connectionState === 'connected') this.everConnected = true;
      // Recovery is for calls that worked and dropped; a call that never connected has no path to get back to.
      if (this.everConnected) this.recovery.update(pc.connectionState);
      else if (pc.connectionState === 'failed' && !this.lost) {
        this.lost = true;
        options.onEvent?.('connection', 'no candidate pair worked');
        options.onLost?.(true);
      }
      options.onState?.(this.state);
    };
    pc.oniceconnectionstatechange = () => options.onEvent?.('ice', pc.iceConnectionState);
    pc.onicegatheringstatechange = () => options.onEvent?.('gathering', pc.iceGatheringState);
    pc.onsignalingstatechange = () => options.onEvent?.('signaling', pc.signalingState);

    if (options.initiator) this.attachLocalTracks();
  }

  get session(): number {
    return this.options.session ?? 0;
  }

  get remoteId(): string {
    return this.options.remoteId;
  }

  get state(): LinkState {
    return toState(this.pc.connectionState, this.recovery.recovering, this.lost);
  }

  /** Feeds one message from the remote peer; messages are applied in order. */
  handle(data: SignalData): Promise<void> {
    this.queue = this.queue.then(() => this.apply(data)).catch((error: unknown) => this.report(error));
    return this.queue;
  }

  /** New servers or transport policy, e.g. fresh TURN credentials or relay-only; restart ICE to use them now. */
  reconfigure(configuration: RTCConfiguration, restart: boolean): void {
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...configuration });
    if (configuration.iceTransportPolicy)
      this.options.onEvent?.('policy', `ICE transport policy: ${configuration.iceTransportPolicy}`);
    if (restart) this.restartIce();
  }

  restartIce(): void {
    this.options.onEvent?.('restart', 'ICE restart requested');
    this.pc.restartIce();
  }

  /** DTLS state and selected-pair changes live on the transports, which exist once negotiation began. */
  private watchTransport(): void {
    const dtls =
      this.pc.getSenders().find((s) => s.transport)?.transport ??
      this.pc.getReceivers().find((r) => r.transport)?.transport;
    if (!dtls || this.watchedTransport === dtls) return;
    this.watchedTransport = dtls;
    dtls.onstatechange = () => this.options.onEvent?.('dtls', dtls.state);
    dtls.iceTransport.onselectedcandidatepairchange = () => {
      const pair = dtls.iceTransport.getSelectedCandidatePair();
      if (pair?.local && pair.remote) {
        this.options.onEvent?.(
          'pair',
          `${pair.local.type ?? '?'} ${pair.local.protocol ?? ''} ${pair.local.address ?? ''}:${pair.local.port ?? ''} ⇄ ${pair.remote.type ?? '?'} ${pair.remote.address ?? ''}:${pair.remote.port ?? ''}`,
        );
      }
    };
  }

  /** One recovery attempt: fresh credentials first (old TURN ones may have expired), then an ICE restart. */
  private async recover(attempt: number): Promise<void> {
    this.options.onEvent?.('restart', `recovery attempt ${attempt}`);
    this.options.onState?.(this.state);
    try {
      const fresh = await this.options.freshConfiguration?.();
      if (fresh) this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...fresh });
    } catch (error) {
      this.report(error);
    }
    if (this.pc.signalingState !== 'closed') this.restartIce();
  }

  close(): void {
    this.recovery.stop();
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.onicegatheringstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.close();
    this.options.onState?.('closed');
  }

  private async apply(data: SignalData): Promise<void> {
    const pc = this.pc;
    if ('description' in data) {
      const description = data.description;
      const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.options.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === 'answer';
      try {
        await pc.setRemoteDescription(description);
      } finally {
        this.settingRemoteAnswer = false;
      }
      if (description.type === 'offer') {
        this.attachLocalTracks();
        await pc.setLocalDescription();
        if (pc.localDescription)
          this.options.send({ description: this.describe(pc.localDescription), session: this.session });
      }
      return;
    }
    if (data.candidate === null) return;
    this.options.onCandidate?.('received', data.candidate.candidate);
    try {
      await pc.addIceCandidate(data.candidate);
    } catch (error) {
      // Candidates of an offer we chose to ignore cannot apply; anything else is real.
      if (!this.ignoreOffer) throw error;
    }
  }

  private attachLocalTracks(): void {
    if (this.tracksAttached) return;
    this.tracksAttached = true;
    for (const track of this.options.localStream.getTracks()) this.pc.addTrack(track, this.options.localStream);
  }

  private describe(description: RTCSessionDescription): { type: RTCSdpType; sdp: string } {
    return { type: description.type, sdp: description.sdp };
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
