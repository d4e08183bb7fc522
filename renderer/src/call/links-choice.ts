/**
 * Mesh or SFU, chosen by the signaling server: the Call drives this one CallLinks, which is the mesh
 * Room until a join is answered with mode 'sfu' (server/room-mode.ts) or the running mesh is moved
 * (`room-moved`: sfu/mesh-move.ts, make-before-break), and from then on SfuLinks on Janus. One
 * signaling connection for both: its events go to whichever is in use. The Room never sees an 'sfu'
 * answer: it is told the room is empty, so it makes no link.
 */
import type { JoinResult, PeerInfo, RoomMoved } from '../../../shared/signaling';
import type { SignalingEvents } from '../signaling/socket-signaling';
import type { MediaRoomPort } from './call-media';
import type { TrackSender } from './device-switch';
import type { CallLinks, LinkStats, MediaLink } from './link';
import { Room, type RoomEvents, type RoomOptions, type RoomSignaling } from './room';
import { MeshMove } from './sfu/mesh-move';
import { SfuLinks } from './sfu/sfu-links';
import type { SignalData } from '../../../shared/signaling';

/** The media's view of a mesh Room: its links are the people and the senders. */
export function meshMediaPort(room: Room): MediaRoomPort {
  return {
    connections: () => room.connections(),
    peers: () => [...new Set(room.connections().map((link) => link.remoteId))],
    senders: () => room.connections(),
    send: (remoteId, data) => room.send(remoteId, data),
  };
}

export class LinksChoice implements CallLinks, MediaRoomPort {
  private readonly mesh: Room;
  private readonly meshMedia: MediaRoomPort;
  private sfu: SfuLinks | null = null;
  /** The running mesh moving onto Janus, while it does. */
  private move: MeshMove | null = null;
  /** Who the mesh has (id → name), for a move. */
  private readonly people = new Map<string, string>();
  private meshEvents: SignalingEvents | null = null;
  private signaling: RoomSignaling | null = null;
  private configuration: Readonly<RTCConfiguration>;
  private roomName = '';
  /** Our screen share now (the mesh's links carry it as an extra track; Janus as a feed of its own). */
  private sharing: MediaStream | null = null;

  constructor(private readonly options: RoomOptions) {
    this.configuration = options.configuration;
    type Forwarded = Required<Omit<SignalingEvents, 'roomMoved'>>;
    const forward = <K extends keyof Forwarded>(key: K) =>
      ((...args: Parameters<Forwarded[K]>) => {
        const target = this.sfu?.signalingEvents ?? this.meshEvents;
        (target?.[key] as ((...a: Parameters<Forwarded[K]>) => void) | undefined)?.(...args);
      }) as Forwarded[K];
    const peerJoined = forward('peerJoined');
    const peerLeft = forward('peerLeft');
    const signal = forward('signal');
    const events: SignalingEvents = {
      state: forward('state'),
      peerJoined: (peer) => (this.move ? this.move.peerJoined(peer) : peerJoined(peer)),
      peerLeft: (id) => {
        this.move?.peerLeft(id);
        peerLeft(id);
      },
      // A person handed over to Janus: nothing of theirs may reach the mesh, which would make them a new link.
      signal: (incoming) => {
        if ('sfuSees' in incoming.data) return this.move?.seesUs(incoming.from);
        if (!this.move?.handedOver(incoming.from) || 'media' in incoming.data) signal(incoming);
      },
      reconnected: forward('reconnected'),
      roomMoved: (moved) => void this.moveToSfu(moved),
    };
    this.mesh = new Room({
      ...options,
      events: this.meshGate(options.events),
      connect: (url, meshEvents) => {
        this.meshEvents = meshEvents;
        const signaling = options.connect(url, events);
        this.signaling = signaling;
        return this.intercepted(signaling);
      },
    });
    this.meshMedia = meshMediaPort(this.mesh);
  }

  /** The mesh's events to the call: a person handed over to Janus is no longer the mesh's to speak for. */
  private meshGate(events: RoomEvents): RoomEvents {
    const quiet = (id: string) => this.sfu !== null || (this.move?.handedOver(id) ?? false);
    const per =
      <A extends unknown[]>(tell: (id: string, ...rest: A) => void) =>
      (id: string, ...rest: A) =>
        quiet(id) ? undefined : tell(id, ...rest);
    return {
      ...events,
      peerAdded: (peer) => {
        this.people.set(peer.id, peer.name);
        events.peerAdded(peer);
      },
      peerRemoved: (id) => {
        this.people.delete(id);
        if (!quiet(id)) events.peerRemoved(id);
      },
      // A held person's mesh link going away mid-move hands them over (their tile shows Janus's state).
      linkState: per((id, state) => (this.move?.meshState(id, state) ? undefined : events.linkState(id, state))),
      remoteStream: per((id, stream) => events.remoteStream(id, stream)),
      remoteScreen: per((id, stream) => events.remoteScreen?.(id, stream)),
      diagnostics: per((id, data) => events.diagnostics(id, data)),
    };
  }

  /** The mesh grew past its size and the room went onto Janus: come over make-before-break. */
  private async moveToSfu(moved: RoomMoved): Promise<void> {
    const signaling = this.signaling;
    if (this.sfu || this.move || !signaling) return;
    const { events } = this.options;
    const move = (this.move = new MeshMove({
      moved,
      signaling,
      events,
      joined: { id: this.mesh.id, room: this.roomName },
      people: new Map(this.people),
      makeSfu: (joined, sfuEvents) => {
        const sfu = new SfuLinks({
          ...this.options,
          events: sfuEvents,
          signaling,
          joined,
          configuration: this.configuration,
        });
        sfu.share(this.sharing); // a share goes on through Janus: published there as the move begins
        return sfu;
      },
      mesh: this.mesh,
    }));
    const sfu = await move.run();
    if (this.move === move) this.move = null;
    if (!sfu) return;
    this.sfu = sfu;
    events.modeChanged?.('sfu');
  }

  /** The signaling the Room uses: a join answered with 'sfu' moves the call to Janus before the Room hears of it. */
  private intercepted(signaling: RoomSignaling): RoomSignaling {
    const join = async (...args: Parameters<RoomSignaling['join']>): Promise<JoinResult> => {
      const result = await signaling.join(...args);
      if (result.mode !== 'sfu') return result;
      const { janus } = result;
      if (!janus) throw new Error('The signaling server put this room on its SFU but sent no admission to it.');
      this.sfu = new SfuLinks({
        ...this.options,
        signaling,
        joined: { ...result, janus },
        configuration: this.configuration,
      });
      return { id: result.id, room: result.room, peers: [] };
    };
    return {
      joinOffers: signaling.joinOffers,
      waitConnected: (url) => signaling.waitConnected(url),
      join,
      signal: (...args) => signaling.signal(...args),
      leave: () => signaling.leave(),
      close: () => signaling.close(),
    };
  }

  /** Which the call runs on now. */
  get mode(): 'mesh' | 'sfu' {
    return this.sfu ? 'sfu' : 'mesh';
  }

  private get current(): CallLinks {
    return this.sfu ?? this.mesh;
  }

  /** What the call's settings apply to: the links in use, and Janus's while a move brings them up. */
  private get applying(): CallLinks[] {
    const moving = this.move?.sfu;
    return moving ? [this.current, moving] : [this.current];
  }

  get id(): string {
    return this.current.id;
  }

  setConfiguration(configuration: Readonly<RTCConfiguration>): void {
    this.configuration = configuration;
    for (const links of this.applying) links.setConfiguration(configuration);
  }

  async connect(room: string, name: string): Promise<PeerInfo[]> {
    this.roomName = room;
    const peers = await this.mesh.connect(room, name);
    return this.sfu ? this.sfu.connect() : peers;
  }

  replace(policy: RTCIceTransportPolicy): void {
    this.configuration = Object.freeze({ ...this.configuration, iceTransportPolicy: policy });
    for (const links of this.applying) links.replace(policy);
  }

  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void {
    this.configuration = Object.freeze({ ...this.configuration, ...configuration });
    for (const links of this.applying) links.reconfigure(configuration, restart);
  }

  stats(): Promise<LinkStats[]> {
    return this.current.stats();
  }

  /** The media's view (call-media.ts): the mesh's links, none on the SFU. */
  connections(): MediaLink[] {
    return this.sfu ? this.sfu.connections() : this.mesh.connections();
  }

  /** Everyone in the call (a move adds those on Janus already). */
  peers(): string[] {
    const moving = this.move?.sfu;
    return moving ? [...new Set([...this.meshMedia.peers(), ...moving.peers()])] : (this.sfu ?? this.meshMedia).peers();
  }

  /** What sends our tracks: during a move both the mesh links and our publisher on Janus. */
  senders(): TrackSender[] {
    const moving = this.move?.sfu;
    return moving ? [...this.meshMedia.senders(), ...moving.senders()] : (this.sfu ?? this.meshMedia).senders();
  }

  screen(stream: MediaStream | null): void {
    this.sharing = stream;
    this.sfu?.share(stream);
    this.move?.sfu?.share(stream);
  }

  send(remoteId: string, data: SignalData): void {
    if (!this.sfu) return this.mesh.send(remoteId, data);
    this.signaling?.signal(remoteId, data, () => undefined);
  }

  async close(): Promise<void> {
    const move = this.move;
    this.move = null;
    move?.cancel();
    await move?.sfu?.closeMedia();
    await this.current.close();
  }
}
