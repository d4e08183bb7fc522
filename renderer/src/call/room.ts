/**
 * A mesh room: one signaling connection and one PeerLink per remote peer.
 * The newcomer offers to everyone already present; those present answer.
 * Media objects stay here and in the media registry, never in the store.
 */
import type { PeerDiagnostics } from '../../../shared/diagnostics';
import type { PeerInfo, SignalData } from '../../../shared/signaling';
import type { ConnectionSnapshot, StatsRecord } from '../../../shared/stats';
import { LinkRecorder } from '../diagnostics/link-recorder';
import { connectSignaling, type SignalingClient, type SignalingState } from '../signaling/signaling-client';
import { PeerLink, type LinkState } from './peer-link';

const RECOVERY_WORDS = 'restarting ICE did not bring it back';

export interface RoomEvents {
  signaling(state: SignalingState, detail?: string): void;
  peerAdded(peer: PeerInfo): void;
  peerRemoved(id: string): void;
  linkState(id: string, state: LinkState): void;
  remoteStream(id: string, stream: MediaStream): void;
  /** One stats poll; `relayed` counts a prflx that is really the peer's relay. */
  stats(id: string, snapshot: ConnectionSnapshot, relayed: boolean): void;
  /** Everything recorded about one link, for the diagnostics panel. */
  diagnostics(id: string, data: PeerDiagnostics): void;
  /** Something went wrong that a person should hear about. */
  problem(message: string): void;
}

export interface RoomOptions {
  signalingUrl: string;
  configuration: RTCConfiguration;
  localStream: MediaStream;
  events: RoomEvents;
  statsIntervalMs?: number;
  /** Fresh ICE servers for recovery restarts (expired TURN credentials would fail them). */
  freshConfiguration?: () => Promise<RTCConfiguration | null>;
}

export class Room {
  private readonly signaling: SignalingClient;
  private readonly links = new Map<string, PeerLink>();
  /** Replacement links being negotiated; they take over once connected (make-before-break). */
  private readonly pending = new Map<string, PeerLink>();
  private readonly recorders = new Map<string, LinkRecorder>();
  private readonly names = new Map<string, string>();
  private selfId = '';
  private roomName = '';
  private displayName = '';
  private statsTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RoomOptions) {
    const { events } = options;
    this.signaling = connectSignaling(options.signalingUrl, {
      state: (state, detail) => events.signaling(state, detail),
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
  async join(room: string, name: string): Promise<PeerInfo[]> {
    this.roomName = room;
    this.displayName = name;
    await this.signaling.waitConnected(this.options.signalingUrl);
    const result = await this.signaling.join(room, name);
    this.selfId = result.id;
    for (const peer of result.peers) {
      this.names.set(peer.id, peer.name);
      this.options.events.peerAdded(peer);
      this.link(peer.id, true);
    }
    this.statsTimer ??= setInterval(() => void this.pollStats(), this.options.statsIntervalMs ?? 1_000);
    return result.peers;
  }

  /** New configuration for every link (fresh credentials, relay-only); restart ICE so it applies now. */
  reconfigure(configuration: RTCConfiguration, restart: boolean): void {
    Object.assign(this.options.configuration, configuration);
    for (const link of this.links.values()) link.reconfigure(configuration, restart);
  }

  /**
   * Relay-only on or off, mid-call. Chromium keeps using the ports it already
   * has after setConfiguration + restartIce, so a host pair survives the switch;
   * instead each link is replaced make-before-break by a new connection with
   * the new policy, and the old one closes once the new one is connected.
   */
  setRelayOnly(on: boolean): void {
    const policy: RTCIceTransportPolicy = on ? 'relay' : 'all';
    this.options.configuration.iceTransportPolicy = policy;
    for (const [remoteId, current] of this.links) {
      this.pending.get(remoteId)?.close();
      this.recorders
        .get(remoteId)
        ?.event('policy', `ICE transport policy: ${policy} (new connection, session ${current.session + 1})`);
      this.pending.set(remoteId, this.createLink(remoteId, true, current.session + 1));
    }
  }

  async leave(): Promise<void> {
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    for (const id of [...this.links.keys()]) this.drop(id);
    await this.signaling.leave();
    this.signaling.close();
  }

  private link(remoteId: string, initiator: boolean): PeerLink {
    const existing = this.links.get(remoteId);
    if (existing) return existing;
    const link = this.createLink(remoteId, initiator, 0);
    this.links.set(remoteId, link);
    return link;
  }

  /** Sends each message to the connection (session) it belongs to; an offer for a newer session starts a replacement. */
  private route(from: string, data: SignalData): void {
    const session = data.session ?? 0;
    const current = this.links.get(from);
    if (!current) return void this.link(from, false).handle(data);
    if (session === current.session) return void current.handle(data);
    const pending = this.pending.get(from);
    if (pending && session === pending.session) return void pending.handle(data);
    if (session > current.session && 'description' in data && data.description.type === 'offer') {
      pending?.close();
      const next = this.createLink(from, false, session);
      this.pending.set(from, next);
      void next.handle(data);
    }
    // Anything else belongs to a session already replaced: drop it.
  }

  /** The replacement is connected: it becomes the link, the old one closes. */
  private promote(remoteId: string, next: PeerLink): void {
    if (this.pending.get(remoteId) !== next) return;
    this.pending.delete(remoteId);
    const old = this.links.get(remoteId);
    this.links.set(remoteId, next);
    old?.close();
    this.options.events.remoteStream(remoteId, next.remoteStream);
    this.options.events.linkState(remoteId, 'connected');
  }

  private createLink(remoteId: string, initiator: boolean, session: number): PeerLink {
    const { events } = this.options;
    let recorder = this.recorders.get(remoteId);
    if (!recorder) {
      recorder = new LinkRecorder(remoteId, this.names.get(remoteId) ?? remoteId, (data) =>
        events.diagnostics(remoteId, data),
      );
      this.recorders.set(remoteId, recorder);
    }
    const rec = recorder;
    // Only the link in use speaks for the peer; a replacement in negotiation or a replaced one stays quiet.
    const isCurrent = () => this.links.get(remoteId) === link;
    const link: PeerLink = new PeerLink({
      remoteId,
      initiator,
      session,
      polite: this.selfId < remoteId,
      configuration: { ...this.options.configuration },
      localStream: this.options.localStream,
      send: (data) =>
        this.signaling.signal(remoteId, data, (error) =>
          events.problem(`A message to a peer was refused: ${error.message}`),
        ),
      onState: (state) => {
        if (this.pending.get(remoteId) === link) {
          if (state === 'connected') this.promote(remoteId, link);
          else if (state === 'failed') {
            this.pending.delete(remoteId);
            link.close();
            rec.event('connection', `replacement session ${session} failed; staying on the current path`);
            events.problem(
              `Could not switch the connection to ${this.names.get(remoteId) ?? 'a peer'}: the new path (${link.pc.getConfiguration().iceTransportPolicy === 'relay' ? 'through TURN' : 'direct'}) did not connect. The call continues on its current path. Check the TURN server with "Test servers".`,
            );
          }
        }
        if (!isCurrent()) return;
        rec.state(state);
        events.linkState(remoteId, state);
      },
      onEvent: (kind, value) => rec.event(kind, session > 0 ? `${value} (session ${session})` : value),
      onCandidate: (direction, line) => rec.candidate(direction, line),
      onRemoteStream: (stream) => isCurrent() && events.remoteStream(remoteId, stream),
      onError: (error) => events.problem(`Negotiation with a peer failed: ${error.message}`),
      ...(this.options.freshConfiguration ? { freshConfiguration: this.options.freshConfiguration } : {}),
      onLost: (neverConnected) => {
        if (!isCurrent()) return;
        const who = this.names.get(remoteId) ?? 'a peer';
        const turn = (link.pc.getConfiguration().iceServers ?? []).some((server) =>
          (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/.test(url)),
        );
        if (neverConnected) {
          return events.problem(
            turn
              ? `Could not connect to ${who}: no path worked, not even through the TURN server. It may be unreachable or refusing the credentials: check it with "Test servers".`
              : `Could not connect to ${who}: no direct path worked (NAT traversal failing). Add a TURN server or switch to Cloudflare mode in Settings.`,
          );
        }
        events.problem(
          rec.wasRelayed || link.pc.getConfiguration().iceTransportPolicy === 'relay'
            ? `Call with ${who} lost: relay server unreachable. The TURN server stopped answering and ${RECOVERY_WORDS}. Check it with "Test servers", then join again.`
            : `Call with ${who} lost: the network path failed and ${RECOVERY_WORDS}. If this keeps happening, add a TURN server or turn on Relay only.`,
        );
      },
    });
    return link;
  }

  private drop(id: string): void {
    const link = this.links.get(id);
    this.links.delete(id);
    this.pending.get(id)?.close();
    this.pending.delete(id);
    link?.close();
    this.recorders.get(id)?.state('closed');
    this.recorders.delete(id);
    this.options.events.peerRemoved(id);
  }

  /**
   * After a signaling drop the server has forgotten us: join again and
   * reconnect to whoever is there (they dropped their links to our old id).
   */
  private async rejoin(): Promise<void> {
    if (!this.roomName) return;
    for (const id of [...this.links.keys()]) this.drop(id);
    try {
      await this.join(this.roomName, this.displayName);
    } catch (error) {
      this.options.events.problem(
        `Could not rejoin the room after the signaling connection came back: ${(error as Error).message}`,
      );
    }
  }

  private async pollStats(): Promise<void> {
    await Promise.all(
      [...this.links.values()].map(async (link) => {
        if (link.state === 'closed') return;
        const recorder = this.recorders.get(link.remoteId);
        if (!recorder) return;
        const report = await link.pc.getStats();
        const snapshot = recorder.stats([...report.values()] as StatsRecord[]);
        this.options.events.stats(link.remoteId, snapshot, recorder.relayed(snapshot));
      }),
    );
  }
}
