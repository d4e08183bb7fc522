/**
 * A mesh room: one signaling connection and one PeerLink per remote peer.
 * The newcomer offers to everyone already present; those present answer.
 * Media objects stay here and in the media registry, never in the store.
 */
import type { PeerDiagnostics } from '../../../shared/diagnostics';
import type { PeerInfo } from '../../../shared/signaling';
import type { ConnectionSnapshot, StatsRecord } from '../../../shared/stats';
import { LinkRecorder } from '../diagnostics/link-recorder';
import { SignalingClient, type SignalingState } from '../signaling/signaling-client';
import { PeerLink, type LinkState } from './peer-link';

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
}

export class Room {
  private readonly signaling: SignalingClient;
  private readonly links = new Map<string, PeerLink>();
  private readonly recorders = new Map<string, LinkRecorder>();
  private readonly names = new Map<string, string>();
  private selfId = '';
  private roomName = '';
  private displayName = '';
  private statsTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RoomOptions) {
    const { events } = options;
    this.signaling = new SignalingClient(options.signalingUrl, {
      state: (state, detail) => events.signaling(state, detail),
      peerJoined: (peer) => {
        this.names.set(peer.id, peer.name);
        events.peerAdded(peer);
        this.link(peer.id, false);
      },
      peerLeft: (id) => this.drop(id),
      signal: ({ from, data }) => void this.link(from, false).handle(data),
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

  /** Relay-only on or off, mid-call: new policy on every link, and an ICE restart so it applies now. */
  setRelayOnly(on: boolean): void {
    this.reconfigure({ iceTransportPolicy: on ? 'relay' : 'all' }, true);
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
    const { events } = this.options;
    const recorder = new LinkRecorder(remoteId, this.names.get(remoteId) ?? remoteId, (data) => events.diagnostics(remoteId, data));
    this.recorders.set(remoteId, recorder);
    const link = new PeerLink({
      remoteId,
      initiator,
      polite: this.selfId < remoteId,
      configuration: this.options.configuration,
      localStream: this.options.localStream,
      send: (data) =>
        this.signaling.signal(remoteId, data, (error) => events.problem(`A message to a peer was refused: ${error.message}`)),
      onState: (state) => {
        recorder.state(state);
        events.linkState(remoteId, state);
      },
      onEvent: (kind, value) => recorder.event(kind, value),
      onCandidate: (direction, line) => recorder.candidate(direction, line),
      onRemoteStream: (stream) => events.remoteStream(remoteId, stream),
      onError: (error) => events.problem(`Negotiation with a peer failed: ${error.message}`),
    });
    this.links.set(remoteId, link);
    return link;
  }

  private drop(id: string): void {
    const link = this.links.get(id);
    this.links.delete(id);
    link?.close();
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
      this.options.events.problem(`Could not rejoin the room after the signaling connection came back: ${(error as Error).message}`);
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
