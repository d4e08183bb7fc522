/**
 * One RTCPeerConnection to one remote peer: trickle ICE (candidates go out as
 * they are found), its state as the call names it, and recovery when it drops.
 * The offers and answers are its Negotiation's (perfect negotiation).
 */
import { revealsAddress } from '../../../shared/candidate';
import type { MediaState, SignalData } from '../../../shared/signaling';
import type { RecoveryCause } from '../../../shared/diagnostics';
import { bytesReceived, type StatsRecord } from '../../../shared/stats';
import { IceRecovery } from './ice-recovery';
import type { MediaLink } from './link';
import { Negotiation } from './negotiation';
import { NetworkReaction, selectedLocalEnd, type LocalEnd } from './network-change';
import { LinkSenders } from './link-senders';
import { RelayGathering } from './relay-gathering';
import { RemoteTracks } from './remote-tracks';
import { silence, toState, usesTurn, watchTransport, type LinkState, type PeerLinkOptions } from './peer-link-parts';
import { TrafficWatch } from './traffic-watch';
import { VideoStall } from './video-stall';

export type { LinkState, PeerLinkOptions, RecoveryTimings } from './peer-link-parts';

export class PeerLink implements MediaLink {
  private readonly pc: RTCPeerConnection;
  /** What this link receives: the person's camera and microphone, and their screen share. */
  readonly remote: RemoteTracks;
  /** When this connection was made: errors and events after it are its own. */
  readonly createdAt = Date.now();
  private readonly negotiation: Negotiation;
  private watchedTransport: RTCDtlsTransport | null = null;
  private lost = false;
  private everConnected = false;
  private readonly recovery: IceRecovery;
  private readonly traffic: TrafficWatch;
  private readonly gathering: RelayGathering;
  /** Network changes under the selected pair (whose local end the last stats poll saw) restart ICE. */
  private readonly network: NetworkReaction;
  private localEnd: LocalEnd | null = null;
  /** What this link sends: camera, microphone, and tracks in streams of their own (a screen share). */
  private readonly senders: LinkSenders;
  /** The person's camera video stopping on a working link: a keyframe request, then an ICE restart. */
  private readonly videoStall: VideoStall;

  constructor(private readonly options: PeerLinkOptions) {
    // A first offer sent with the join brings its connection, media attached (first-offer.ts).
    this.pc = options.firstOffer?.pc ?? new RTCPeerConnection(options.configuration);
    const pc = this.pc;
    this.senders = options.firstOffer?.senders ?? new LinkSenders(pc, options.localStream);
    this.negotiation = new Negotiation(pc, {
      polite: options.polite,
      senders: this.senders,
      firstOffer: options.firstOffer,
      send: (description) => options.send({ description, session: this.session }),
      candidateReceived: (line) => options.onCandidate?.('received', line),
      report: (error) => this.report(error),
    });
    this.remote = new RemoteTracks(() => {
      options.onRemoteStream?.(this.remote.camera);
      options.onRemoteScreen?.(this.remote.screen);
    });
    this.traffic = new TrafficWatch(options.recovery?.stallMs);
    this.gathering = new RelayGathering({
      policy: () => this.policy,
      timeoutMs: options.recovery?.gatherTimeoutMs ?? 5_000,
      onNone: (when) => this.noRelay(when),
    });
    this.recovery = new IceRecovery({
      ...options.recovery,
      restart: (attempt, cause) => void this.recover(attempt, cause),
      giveUp: () => {
        this.lost = true;
        options.onEvent?.('restart', `gave up after ${this.recovery.attempts} ICE restarts`);
        options.onState?.('failed');
        options.onLost?.(false);
      },
      began: (cause, detail) => options.onRecovery?.(cause, detail),
    });
    this.network = new NetworkReaction({
      ...(options.network ? { subscribe: options.network } : {}),
      local: () => this.localEnd,
      connected: () => this.pc.connectionState === 'connected' && this.traffic.state === 'flowing',
      restart: (why) => this.recovery.networkChanged(why),
      event: (text) => options.onEvent?.('network', text),
    });
    this.videoStall = new VideoStall(this.stallPort(), options.recovery?.videoStall);

    pc.onnegotiationneeded = () => void this.negotiation.needed();
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      this.gathering.candidate();
      // Relay-only promises the other side never learns our addresses: hold back anything but relay.
      if (this.pc.getConfiguration().iceTransportPolicy === 'relay' && revealsAddress(candidate.candidate)) return;
      options.onCandidate?.('sent', candidate.candidate);
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      options.send({
        candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment },
        session: this.session,
      });
    };
    pc.ontrack = ({ track, streams }) => this.remote.add(track, streams[0]);
    pc.onconnectionstatechange = () => this.connectionChanged();
    pc.oniceconnectionstatechange = () => options.onEvent?.('ice', pc.iceConnectionState);
    pc.onicegatheringstatechange = () => this.gatheringChanged();
    pc.onicecandidateerror = (e) =>
      options.onCandidateError?.({ url: e.url, errorCode: e.errorCode, errorText: e.errorText });
    pc.onsignalingstatechange = () => options.onEvent?.('signaling', pc.signalingState);
  }

  private connectionChanged(): void {
    const { pc, options } = this;
    options.onEvent?.('connection', pc.connectionState);
    if (pc.connectionState === 'connecting')
      this.watchedTransport = watchTransport(pc, this.watchedTransport, (kind, value) =>
        options.onEvent?.(kind, value),
      );
    if (pc.connectionState === 'connected') this.everConnected = true;
    // Recovery is for calls that worked and dropped; a call that never connected has no path to get back to.
    if (this.everConnected) this.recovery.update(pc.connectionState);
    else if (pc.connectionState === 'failed' && !this.lost) {
      this.lost = true;
      options.onEvent?.('connection', 'no candidate pair worked');
      options.onLost?.(true);
    }
    options.onState?.(this.state);
  }

  /** The initiator adds its tracks, and so sends the first offer; the other side waits for it. */
  connect(): void {
    if (!this.negotiation.takeFirstOffer() && this.options.initiator) this.senders.attach();
  }

  /** The person's camera and microphone as received (their screen share is `remote.screen`). */
  get remoteStream(): MediaStream {
    return this.remote.camera;
  }

  get session(): number {
    return this.options.session ?? 0;
  }

  /** This side made the connection (and sent its first offer). */
  get initiator(): boolean {
    return this.options.initiator;
  }

  get remoteId(): string {
    return this.options.remoteId;
  }

  get state(): LinkState {
    return toState(this.pc.connectionState, this.recovery.recovering, this.lost, this.traffic.state === 'stalled');
  }

  /** The ICE transport policy this connection was made with ('relay' under Relay only). */
  get policy(): RTCIceTransportPolicy {
    return this.pc.getConfiguration().iceTransportPolicy ?? 'all';
  }

  /** Whether its ICE servers include a TURN server. */
  get usesTurn(): boolean {
    return usesTurn(this.pc.getConfiguration());
  }

  /** One getStats() result as plain records; what it says about bytes received feeds the traffic watch. */
  async stats(): Promise<StatsRecord[]> {
    const records = [...(await this.pc.getStats()).values()] as StatsRecord[];
    this.localEnd = selectedLocalEnd(records) ?? this.localEnd;
    this.observeTraffic(bytesReceived(records), Date.now());
    this.videoStall.observe(records, Date.now());
    return records;
  }

  /**
   * Bytes received so far, from a stats poll. A connected link that stops receiving is treated as
   * dropped at once ("reconnecting"), not only when Chromium's consent checks notice seconds later.
   */
  observeTraffic(bytesIn: number, now: number): void {
    if (this.pc.connectionState !== 'connected' || this.lost) return this.traffic.reset(now);
    const change = this.traffic.observe(bytesIn, now);
    if (!change) return;
    this.options.onEvent?.('connection', change === 'stalled' ? 'no data arriving' : 'data arriving again');
    this.recovery.update(change === 'stalled' ? 'disconnected' : 'connected', 'no-traffic');
    this.options.onState?.(this.state);
  }

  private gatheringChanged(): void {
    const state = this.pc.iceGatheringState;
    this.options.onEvent?.('gathering', state);
    this.gathering.changed(state);
  }

  /** No TURN server gave a relay candidate (relay-gathering.ts): a recovery attempt fails; a link never connected is lost. */
  private noRelay(when: string): void {
    if (this.lost) return;
    this.options.onEvent?.('gathering', `no relay candidate (${when}): no TURN server gave one`);
    if (this.recovery.recovering) return this.recovery.update('failed');
    if (this.everConnected) return;
    this.lost = true;
    this.options.onState?.('failed');
    this.options.onLost?.(true);
  }

  /** Feeds one message from the remote peer; messages are applied in order. */
  handle(data: SignalData): Promise<void> {
    return this.negotiation.handle(data);
  }

  /** New servers or transport policy, e.g. fresh TURN credentials or relay-only; restart ICE to use them now. */
  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void {
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...configuration });
    if (configuration.iceTransportPolicy)
      this.options.onEvent?.('policy', `ICE transport policy: ${configuration.iceTransportPolicy}`);
    if (restart) this.restartIce();
  }

  restartIce(): void {
    this.options.onEvent?.('restart', 'ICE restart requested');
    this.pc.restartIce();
  }

  /** One recovery attempt: fresh credentials first (old TURN ones may have expired), then an ICE restart. */
  private async recover(attempt: number, cause?: RecoveryCause): Promise<void> {
    const ahead = cause === 'video-stalled' ? 'restart for a video stall' : 'restart for a network change';
    this.options.onEvent?.('restart', attempt > 0 ? `recovery attempt ${attempt}` : ahead);
    this.options.onState?.(this.state);
    try {
      const fresh = await this.options.freshConfiguration?.();
      // The link may have closed while the credentials came (a mesh link released by a move to Janus).
      if (this.pc.signalingState === 'closed') return;
      if (fresh) this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...fresh });
    } catch (error) {
      if (this.pc.signalingState === 'closed') return;
      this.report(error);
    }
    this.restartIce();
    this.gathering.round();
  }

  /** The person's media state as they announced it (camera off is never a stall). */
  heard(state: MediaState): void {
    this.videoStall.heard(state);
  }

  close(): void {
    this.videoStall.stop();
    this.recovery.stop();
    this.network.stop();
    this.gathering.stop();
    silence(this.pc);
    this.pc.close();
    // Chromium leaves received tracks live after close(): end them, so nothing of the link outlives it.
    this.remote.stop();
    this.options.onState?.('closed');
  }

  /** Sends one more track in a stream of its own (a screen share); negotiation follows by itself. */
  addExtraTrack(track: MediaStreamTrack, stream: MediaStream, prepare?: (sender: RTCRtpSender) => void): void {
    this.senders.addExtra(track, stream, prepare);
  }

  removeExtraTrack(track: MediaStreamTrack): void {
    this.senders.removeExtra(track);
  }

  /** Another camera or microphone on the same sender: no renegotiation. */
  replaceTrack(old: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean> {
    return this.senders.replace(old, next);
  }

  private stallPort(): ConstructorParameters<typeof VideoStall>[0] {
    const { pc, options } = this;
    return {
      camera: () => {
        const track = this.remote.camera.getVideoTracks()[0];
        return track ? { track, receiver: pc.getReceivers().find((r) => r.track === track) ?? null } : null;
      },
      linkUp: () => pc.connectionState === 'connected' && !this.lost && this.traffic.state === 'flowing',
      recovering: () => this.recovery.busy,
      restart: (detail) => this.recovery.videoStalled(detail),
      event: (text) => options.onEvent?.('video', text),
      changed: (stalled) => options.onVideoStall?.(stalled),
    };
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
