/**
 * A call on Janus behind the CallLinks interface, so the Call drives it as it drives the mesh
 * Room: our publisher (the uplink, its own tab in the diagnostics as "Your upload to the SFU")
 * and one subscriber per person (their downlink, under their name), each with its recorder;
 * screen shares as feeds of their own (sfu-screens.ts). Relay only republishes and resubscribes
 * through a new SfuRoom with the relay policy; the old one leaves once the new publisher is
 * connected (make-before-break). The signaling connection still says who is in the room (Janus's
 * display is their id) and brings fresh Janus tokens before the last ones expire. A person's
 * video that stalls on their subscription is mended as on a mesh link (sfu-stalls.ts).
 */
import type { JanusAdmission } from '../../../../shared/janus';
import type { PeerInfo } from '../../../../shared/signaling';
import { LinkRecorders } from '../../diagnostics/link-recorders';
import type { SignalingEvents } from '../../signaling/socket-signaling';
import type { TrackSender } from '../device-switch';
import type { CallLinks, LinkStats, MediaLink } from '../link';
import { joinSfuRoom, type SfuRoom, type SfuRoomEvent } from './sfu-room';
import { sfuBackWords, sfuLostWords, sfuRelayFailedWords } from '../../../../shared/call-words';
import { Retry } from './sfu-retry';
import { pollSfu } from './sfu-poll';
import { SfuScreens } from './sfu-screens';
import { SfuStalls } from './sfu-stalls';
import { TokenRefresh } from './sfu-token-refresh';
import { connected } from './sfu-watch';
import { SfuConnections } from './sfu-connections';
import { sfuSignalingEvents, SWITCH_TIMEOUT_MS, UPLINK_ID, UPLINK_NAME, type SfuLinksOptions } from './sfu-options';
import { TileLayers } from './tile-layers';

export { UPLINK_ID, UPLINK_NAME, type SfuLinksOptions } from './sfu-options';

export class SfuLinks implements CallLinks {
  private selfId: string;
  private readonly names = new Map<string, string>();
  private readonly recorders: LinkRecorders;
  /** Our connections to Janus: which speaks for whom (sfu-connections.ts). */
  private readonly janus = new SfuConnections();
  private room: SfuRoom | null = null;
  /** The room a republish is bringing up (it sends our tracks too until it takes over or is dropped). */
  private joining: SfuRoom | null = null;
  /** The session that speaks for everyone (a republish's from its start): others' connections do not. */
  private generation = 0;
  /** The last session begun (by a republish or a rejoin); a failed republish gives `generation` back. */
  private sessions = 0;
  private admission: JanusAdmission;
  private configuration: Readonly<RTCConfiguration>;
  private readonly tokens: TokenRefresh;
  private readonly screens: SfuScreens;
  private readonly layers: TileLayers;
  private readonly stalls: SfuStalls;
  /** The person's subscription in use (null: none yet). */
  private readonly subscriberOf = (id: string) => this.room?.remotes.get(this.janus.feedOf(id))?.subscriber ?? null;
  /** Joining Janus again after it went away (restart, crash), while that goes on. */
  private retry: Retry | null = null;
  private closed = false;
  /** Where the signaling connection's events go while the call is on Janus. */
  readonly signalingEvents: SignalingEvents;

  constructor(private readonly options: SfuLinksOptions) {
    const { events } = options;
    this.selfId = options.joined.id;
    this.admission = options.joined.janus;
    this.configuration = Object.freeze({ ...options.configuration });
    const nameOf = (id: string) => (id === UPLINK_ID ? UPLINK_NAME : (this.names.get(id) ?? id));
    this.recorders = new LinkRecorders(nameOf, (id, data) => events.diagnostics(id, data), options.setup);
    this.screens = new SfuScreens(events, (id) => this.names.has(id));
    this.layers = new TileLayers(options.tileHeight);
    this.stalls = new SfuStalls({
      subscriber: (id) => this.subscriberOf(id),
      recorder: (id) => this.recorders.get(id),
      busy: () => this.retry !== null || this.joining !== null,
      resubscribe: async (id) => (await this.room?.resubscribe(this.janus.feedOf(id), SWITCH_TIMEOUT_MS)) ?? false,
    });
    this.tokens = new TokenRefresh({
      fetch: options.signaling.admission?.bind(options.signaling),
      current: () => this.admission,
      fresh: (admission) => (this.admission = admission),
      problem: (message) => events.problem(message),
    });
    this.signalingEvents = sfuSignalingEvents(options, {
      added: (peer) => this.added(peer),
      left: (id) => this.drop(id),
      heard: (id, state) => this.stalls.heard(id, state),
    });
  }

  get id(): string {
    return this.selfId;
  }

  setConfiguration(configuration: Readonly<RTCConfiguration>): void {
    this.configuration = Object.freeze({ ...configuration });
  }

  /** Already joined on signaling (the join's answer put us here): publish to Janus and receive everyone. */
  async connect(): Promise<PeerInfo[]> {
    for (const peer of this.options.joined.peers) this.added(peer);
    const room = await this.join(this.generation);
    if (this.closed) {
      await room.leave(); // hung up while joining Janus
      return [];
    }
    this.room = room;
    this.tokens.schedule();
    return this.options.joined.peers;
  }

  /** Relay only switched: republish and resubscribe with the new policy, then leave the old room. */
  replace(policy: RTCIceTransportPolicy): void {
    if (this.configuration.iceTransportPolicy === policy) return;
    this.configuration = Object.freeze({ ...this.configuration, iceTransportPolicy: policy });
    this.options.events.relayRefused(null);
    void this.republish(policy);
  }

  private async republish(policy: RTCIceTransportPolicy): Promise<void> {
    const [old, before] = [this.room, this.generation];
    const generation = (this.generation = ++this.sessions);
    const uplink = this.recorders.for(UPLINK_ID);
    uplink.event('policy', `ICE transport policy: ${policy} (republishing to the SFU, session ${generation})`);
    let next: SfuRoom | null = null;
    try {
      next = await this.join(generation);
      if (this.closed || generation !== this.generation) {
        await next.leave();
        return;
      }
      this.joining = next;
      await connected(next.publisher.pc, this.options.switchTimeoutMs ?? SWITCH_TIMEOUT_MS).finally(() => {
        if (this.joining === next) this.joining = null;
      });
      this.room = next;
      this.recorders.useAll(generation, policy); // our upload's record and each person's downlink's
      this.janus.tookOver(generation);
      await old?.leave();
    } catch (error) {
      if (generation !== this.generation) return;
      if (old && this.room === old) this.takeBack(old, before, next);
      const words = sfuRelayFailedWords((error as Error).message);
      uplink.switching(null, words);
      if (policy === 'relay') this.options.events.relayRefused(words);
      else this.options.events.problem(words);
    }
  }

  reconfigure(configuration: Readonly<RTCConfiguration>): void {
    this.configuration = Object.freeze({ ...this.configuration, ...configuration });
    // New credentials apply to the allocations made from now on; Janus would need a new offer for an ICE restart.
    for (const pc of this.janus.pcs.values()) pc.setConfiguration({ ...pc.getConfiguration(), ...configuration });
  }

  stats(): Promise<LinkStats[]> {
    return pollSfu(this.janus.pcs, this.recorders, (id, pc, records, recorder) => {
      const subscriber = this.subscriberOf(id);
      if (subscriber?.pc !== pc) return;
      this.layers.update(id, subscriber, records, recorder);
      this.stalls.observe(id, records);
    });
  }

  /** No MediaLinks on the SFU: a screen share is a feed of its own (`share`). */
  connections = (): MediaLink[] => [];

  /** Our screen share began or ended (null). */
  share(stream: MediaStream | null): void {
    this.screens.set(stream, this.room);
  }

  /** Everyone the signaling server says is in the call: they hear our media state over it. */
  peers(): string[] {
    return [...this.names.keys()];
  }

  /** Our publisher (and a republish's, while it comes up): device switches replace its tracks. */
  senders(): TrackSender[] {
    return [this.room, this.joining].flatMap((room) => (room ? [room.publisher] : []));
  }

  async close(): Promise<void> {
    await this.closeMedia();
    await this.options.signaling.leave();
    this.options.signaling.close();
  }

  /** Leaves Janus and ends every connection, keeping the signaling connection (a move that failed needs it). */
  async closeMedia(): Promise<void> {
    this.closed = true;
    this.tokens.stop();
    this.stalls.stop();
    this.retry?.cancel();
    const ids = [...this.janus.pcs.keys()];
    this.janus.clear();
    await this.room?.leave().catch(() => undefined);
    this.room = null;
    for (const id of ids) this.recorders.end(id);
  }

  /** Joins Janus with the configuration now, wiring each connection to its person's recorder. */
  private async join(generation: number): Promise<SfuRoom> {
    const keyOf = (who: 'publisher' | { display: string }) => (who === 'publisher' ? UPLINK_ID : who.display);
    const room = await joinSfuRoom({
      admission: this.admission,
      current: () => this.admission,
      display: this.selfId,
      stream: this.options.localStream,
      rtc: { ...this.configuration },
      onProblem: (problem) => this.options.events.problem(`The group call on the SFU: ${problem}`),
      onConnection: (who, pc) => this.watch(keyOf(who), pc, generation),
      onCandidate: (who, direction, line) => this.recorders.get(keyOf(who))?.candidate(direction, line, generation),
    });
    room.on((event) => this.roomEvent(room, event, generation));
    for (const remote of room.remotes.values()) this.roomEvent(room, { type: 'added', remote }, generation);
    this.screens.joined(room);
    return room;
  }

  private watch(id: string, pc: RTCPeerConnection, generation: number): void {
    if (this.closed || generation !== this.generation) return;
    if (id !== UPLINK_ID && !this.names.has(id)) return; // not someone the signaling server says is here
    const first = { session: generation, policy: this.configuration.iceTransportPolicy ?? 'all' };
    const recorder = this.recorders.for(id, first);
    this.janus.use(id, generation, pc, recorder, (state) => {
      recorder.state(state);
      if (id !== UPLINK_ID) this.options.events.linkState(id, state);
    });
  }

  /** A republish that failed: the room still in use speaks for everyone again; the half-made one leaves Janus. */
  private takeBack(room: SfuRoom, generation: number, failed: SfuRoom | null): void {
    this.generation = generation;
    void failed?.leave().catch(() => undefined);
    this.janus.takeBack(room, (display) => this.names.has(display));
    // Its streams go back on the tiles (the half-made room's subscriptions had replaced them).
    for (const remote of room.remotes.values()) this.roomEvent(room, { type: 'added', remote }, generation);
  }

  private roomEvent(room: SfuRoom, event: SfuRoomEvent, generation: number): void {
    if (generation !== this.generation) return;
    if (event.type === 'lost') return void this.rejoin(room);
    if (this.screens.event(event)) return;
    if (event.type === 'added') {
      const { display, feedId, subscriber } = event.remote;
      if (!this.names.has(display)) return;
      this.janus.feed(display, feedId);
      this.options.events.remoteStream(display, subscriber.stream);
      return;
    }
    this.janus.prune(room, event.feedId);
  }

  /**
   * Janus went away under the call: every tile says Reconnecting, and we join again (fresh
   * tokens: the signaling server makes the room again on a restarted Janus) until it answers.
   */
  private async rejoin(lost: SfuRoom): Promise<void> {
    const generation = (this.generation = ++this.sessions);
    if (this.room === lost) this.room = null;
    // The old connections close as they are left: their states no longer speak for anyone.
    this.janus.clear();
    this.screens.clear();
    void lost.leave().catch(() => undefined);
    // The next connections are a new session: the lost ones' figures do not stand for them (a tile that is
    // Connected again would show them until the first new stats).
    this.recorders.useAll(generation, this.configuration.iceTransportPolicy ?? 'all');
    this.recorders.for(UPLINK_ID).state('reconnecting');
    for (const id of this.names.keys()) this.options.events.linkState(id, 'reconnecting');
    this.options.events.problem(sfuLostWords(this.admission.url));
    this.retry?.cancel();
    const retry = (this.retry = new Retry());
    const back = await retry.until(async () => {
      if (this.options.signaling.admission) this.admission = await this.options.signaling.admission();
      const next = await this.join(generation);
      if (this.closed || generation !== this.generation) await next.leave();
      else this.room = next;
      return true;
    });
    if (this.retry === retry) this.retry = null;
    if (!back || !this.room || this.closed) return;
    if (this.options.events.news) this.options.events.news(sfuBackWords());
    else this.options.events.problem(sfuBackWords());
  }

  private added(peer: PeerInfo): void {
    if (this.names.has(peer.id)) return;
    this.names.set(peer.id, peer.name);
    this.options.events.peerAdded(peer);
    this.options.media?.personJoined(peer.id);
  }

  private drop(id: string): void {
    this.names.delete(id);
    this.janus.forget(id);
    this.screens.forget(id);
    this.stalls.forget(id);
    this.recorders.end(id);
    this.options.media?.peerGone(id);
    this.options.events.peerRemoved(id);
  }
}
