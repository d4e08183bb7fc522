/**
 * A mesh room: one signaling connection and one PeerLink per remote peer, behind the CallLinks
 * interface the Call drives (SfuLinks is the other). The newcomer offers to everyone already
 * present; those present answer. Media objects stay here and in the media registry, never in the store.
 */
import type { PeerInfo, SignalData } from '../../../shared/signaling';
import { LinkRecorders } from '../diagnostics/link-recorders';
import type { SignalingState } from '../signaling/socket-signaling';
import { statsOfLinks, type CallLinks, type LinkStats, type MediaLink } from './link';
import { lostSentence, switchFailedSentence } from './link-failures';
import { FirstOffer, joinWithOffer } from './first-offer';
import { LinkSwitches } from './link-switches';
import type { RoomOptions, RoomSignaling } from './room-options';
import { PeerLink } from './peer-link';

/** How long a replacement connection (a Relay only switch) may take to connect before it is given up. */
const SWITCH_TIMEOUT_MS = 15_000;

export type { RoomEvents, RoomOptions, RoomSignaling } from './room-options';

export class Room implements CallLinks {
  private readonly signaling: RoomSignaling;
  private readonly links = new Map<string, MediaLink>();
  /** Replacement links being negotiated; they take over once connected (make-before-break). */
  private readonly pending: LinkSwitches;
  private readonly recorders: LinkRecorders;
  private readonly names = new Map<string, string>();
  private selfId = '';
  private roomName = '';
  private displayName = '';
  private signalingState: SignalingState = 'connecting';
  /** What new links are made with; replaced as a whole, never changed in place. */
  private configuration: Readonly<RTCConfiguration>;

  constructor(private readonly options: RoomOptions) {
    const { events } = options;
    this.configuration = Object.freeze({ ...options.configuration });
    this.recorders = new LinkRecorders(
      (id) => this.names.get(id) ?? id,
      (id, data) => events.diagnostics(id, data),
      options.setup,
    );
    const switchTimeoutMs = options.switchTimeoutMs ?? SWITCH_TIMEOUT_MS;
    this.pending = new LinkSwitches(switchTimeoutMs, (id, link) => this.switchFailed(id, link, switchTimeoutMs));
    this.signaling = options.connect(options.signalingUrl, {
      state: (state, detail) => {
        this.signalingState = state;
        events.signaling(state, detail);
      },
      peerJoined: (peer) => {
        this.names.set(peer.id, peer.name);
        events.peerAdded(peer);
        this.link(peer.id, false);
      },
      peerLeft: (id) => this.drop(id),
      signal: ({ from, data }) => this.route(from, data),
      reconnected: () => void this.rejoin(),
    });
  }

  get id(): string {
    return this.selfId;
  }

  /** Joins and starts offering to everyone present; rejects with the server's reason when refused. */
  async connect(room: string, name: string): Promise<PeerInfo[]> {
    this.roomName = room;
    this.displayName = name;
    const offer = () => FirstOffer.make({ ...this.configuration }, this.options.localStream);
    const { result, first } = await joinWithOffer(this.signaling, this.options.signalingUrl, room, name, offer);
    this.selfId = result.id;
    for (const peer of result.peers) {
      this.names.set(peer.id, peer.name);
      this.options.events.peerAdded(peer);
      this.link(peer.id, true, peer.id === result.offeredTo ? first : undefined);
    }
    return result.peers;
  }

  /** The servers and policy links are made with from now on (before join: the call's first configuration). */
  setConfiguration(configuration: Readonly<RTCConfiguration>): void {
    this.configuration = Object.freeze({ ...configuration });
  }

  /** New configuration for every link (fresh credentials); restart ICE so it applies now. */
  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void {
    this.configuration = Object.freeze({ ...this.configuration, ...configuration });
    for (const link of this.links.values()) link.reconfigure(configuration, restart);
  }

  /**
   * Relay-only on or off, mid-call. Chromium keeps its ports after setConfiguration + restartIce, so a
   * host pair would survive; instead each link whose policy differs is replaced make-before-break by a
   * new connection with the new policy. A link that has the policy keeps it; a replacement away is called off.
   */
  replace(policy: RTCIceTransportPolicy): void {
    this.configuration = Object.freeze({ ...this.configuration, iceTransportPolicy: policy });
    this.options.events.relayRefused(null);
    for (const [remoteId, current] of this.links) {
      const pending = this.pending.get(remoteId);
      if (pending?.policy === policy) continue;
      this.pending.cancel(remoteId);
      const recorder = this.recorders.get(remoteId);
      if (current.policy === policy) {
        recorder?.switching(null);
        continue;
      }
      const session = this.nextSession(remoteId);
      recorder?.event('policy', `ICE transport policy: ${policy} (new connection, session ${session})`);
      this.startSwitch(remoteId, this.createLink(remoteId, true, session));
    }
  }

  private nextSession(remoteId: string): number {
    return this.pending.nextSession(remoteId, this.links.get(remoteId)?.session ?? 0);
  }

  private startSwitch(remoteId: string, next: MediaLink): void {
    this.pending.start(remoteId, next);
    this.recorders.get(remoteId)?.switching(next.policy, null, next.session);
  }

  /** The replacement could not connect (no relay candidate, failed, or too slow): the call stays on its path. */
  private switchFailed(remoteId: string, next: MediaLink, timedOutAfterMs: number | null): void {
    if (!this.pending.take(remoteId, next)) return;
    next.close();
    const rec = this.recorders.get(remoteId);
    const how = timedOutAfterMs !== null ? 'did not connect in time' : 'failed';
    rec?.event('connection', `replacement session ${next.session} ${how}; staying on the current path`);
    // A replacement the other side asked for is theirs to explain: their person hears why.
    if (!next.initiator) {
      rec?.switching(null);
      return;
    }
    const words = switchFailedSentence(next, rec, this.who(remoteId), timedOutAfterMs);
    rec?.switching(null, words);
    if (next.policy === 'relay') this.options.events.relayRefused(words);
    else this.options.events.problem(words);
  }

  async close(): Promise<void> {
    this.pending.cancelAll();
    for (const id of [...this.links.keys()]) this.drop(id);
    await this.signaling.leave();
    this.signaling.close();
  }

  private link(remoteId: string, initiator: boolean, firstOffer?: FirstOffer): MediaLink {
    const existing = this.links.get(remoteId);
    if (existing) return existing;
    const link = this.createLink(remoteId, initiator, 0, firstOffer);
    this.links.set(remoteId, link);
    return link;
  }

  /** Every connection open now: the one in use per peer and any replacement being negotiated. */
  connections(): MediaLink[] {
    return [...this.links.values(), ...this.pending.all()];
  }

  /** A message to one person outside any connection's negotiation (their media state). */
  send(remoteId: string, data: SignalData): void {
    this.signaling.signal(remoteId, data, (error) =>
      this.options.events.problem(`A message to a peer was refused: ${error.message}`),
    );
  }

  /** Sends each message to the connection (session) it belongs to; an offer for a newer session starts a replacement. */
  private route(from: string, data: SignalData): void {
    if ('media' in data) return this.options.media?.received(from, data.media, this.connections());
    if ('sfuSees' in data) return; // a move to Janus: LinksChoice's
    const session = data.session ?? 0;
    const current = this.links.get(from);
    if (!current) return void this.link(from, false).handle(data);
    if (session === current.session) return void current.handle(data);
    const pending = this.pending.get(from);
    if (pending && session === pending.session) return void pending.handle(data);
    if (session > current.session && 'description' in data && data.description.type === 'offer') {
      this.pending.cancel(from);
      const next = this.createLink(from, false, session);
      this.startSwitch(from, next);
      void next.handle(data);
    }
    // Anything else belongs to a session already replaced: drop it.
  }

  /** The replacement is connected: it becomes the link, the old one closes. */
  private promote(remoteId: string, next: MediaLink): void {
    if (!this.pending.take(remoteId, next)) return;
    const old = this.links.get(remoteId);
    this.links.set(remoteId, next);
    old?.close();
    this.recorders.get(remoteId)?.use(next.session, next.policy);
    if (next.policy === 'relay') this.options.events.relayRefused(null);
    this.options.events.remoteStream(remoteId, next.remoteStream);
    this.options.events.remoteScreen?.(remoteId, next.remote.screen);
    this.options.events.linkState(remoteId, 'connected');
  }

  private createLink(remoteId: string, initiator: boolean, session: number, firstOffer?: FirstOffer): MediaLink {
    const { events } = this.options;
    const rec = this.recorders.for(remoteId, { session, policy: this.configuration.iceTransportPolicy ?? 'all' });
    // Only the link in use speaks for the peer; a replacement in negotiation or a replaced one stays quiet.
    const isCurrent = () => this.links.get(remoteId) === link;
    const link: PeerLink = new PeerLink({
      remoteId,
      initiator,
      session,
      polite: this.selfId < remoteId,
      configuration: { ...this.configuration },
      localStream: this.options.localStream,
      ...(firstOffer ? { firstOffer } : {}),
      send: (data) =>
        this.signaling.signal(remoteId, data, (error) =>
          events.problem(`A message to a peer was refused: ${error.message}`),
        ),
      onState: (state) => {
        if (this.pending.get(remoteId) === link) {
          if (state === 'connected') this.promote(remoteId, link);
          else if (state === 'failed') this.switchFailed(remoteId, link, null);
        }
        if (!isCurrent()) return;
        rec.state(state);
        events.linkState(remoteId, state);
      },
      onEvent: (kind, value) => rec.linkEvent(kind, value, session),
      onCandidate: (direction, line) => rec.candidate(direction, line, session),
      onCandidateError: (error) => rec.candidateError(error, session),
      onRemoteStream: (stream) => isCurrent() && events.remoteStream(remoteId, stream),
      onRemoteScreen: (stream) => isCurrent() && events.remoteScreen?.(remoteId, stream),
      onError: (error) => events.problem(`Negotiation with a peer failed: ${error.message}`),
      ...(this.options.freshConfiguration ? { freshConfiguration: this.options.freshConfiguration } : {}),
      ...(this.options.recovery ? { recovery: this.options.recovery } : {}),
      ...(this.options.network ? { network: this.options.network } : {}),
      onRecovery: (cause, detail) => rec.recovery(cause, detail, session),
      onVideoStall: (stalled) => isCurrent() && rec.videoStall(stalled),
      onLost: (neverConnected) => isCurrent() && this.lost(remoteId, link, neverConnected),
    });
    link.connect();
    this.options.media?.linkMade(remoteId, link);
    return link;
  }

  /** The link in use is lost for good: say why, once, and record it for the after-call summary. */
  private lost(remoteId: string, link: MediaLink, neverConnected: boolean): void {
    const rec = this.recorders.for(remoteId);
    const words = lostSentence(link, rec, this.who(remoteId), neverConnected, this.signalingState !== 'connected');
    rec.fail(words);
    this.options.events.problem(words);
  }

  private who = (remoteId: string): string => this.names.get(remoteId) ?? 'a peer';

  private drop(id: string): void {
    this.release(id);
    this.options.media?.peerGone(id);
    this.options.events.peerRemoved(id);
  }

  /** Closes every link, telling nobody anyone left (the call moved to Janus: sfu/mesh-move.ts). */
  releaseAll(): void {
    for (const id of [...this.links.keys()]) this.release(id);
  }

  /** Closes the link to one person, telling nobody they left (the move to Janus). */
  release(id: string): void {
    const link = this.links.get(id);
    this.links.delete(id);
    this.pending.cancel(id);
    link?.close();
    this.recorders.end(id);
    this.pending.forget(id);
  }

  /**
   * After a signaling drop the server has forgotten us: join again and
   * reconnect to whoever is there (they dropped their links to our old id).
   */
  private async rejoin(): Promise<void> {
    if (!this.roomName) return;
    for (const id of [...this.links.keys()]) this.drop(id);
    try {
      await this.connect(this.roomName, this.displayName);
    } catch (error) {
      this.options.events.problem(
        `Could not rejoin the room after the signaling connection came back: ${(error as Error).message}`,
      );
    }
  }

  /** The stats of each link in use. */
  stats(): Promise<LinkStats[]> {
    return statsOfLinks(
      this.links.values(),
      (id) => this.recorders.get(id),
      (id) => this.links.get(id),
    );
  }
}
