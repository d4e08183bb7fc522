/**
 * Mesh or SFU, chosen by the join's answer: the Call drives this one CallLinks, which is the mesh
 * Room until the signaling server answers a join with mode 'sfu' (server/room-mode.ts), and from
 * then on SfuLinks on Janus. One signaling connection for both: its events go to whichever is in
 * use. The Room never sees an 'sfu' answer: it is told the room is empty, so it makes no link.
 */
import type { JoinResult, PeerInfo } from '../../../shared/signaling';
import type { SignalingEvents } from '../signaling/socket-signaling';
import type { MediaRoomPort } from './call-media';
import type { TrackSender } from './device-switch';
import type { CallLinks, LinkStats, MediaLink } from './link';
import { Room, type RoomOptions, type RoomSignaling } from './room';
import { SfuLinks, type SfuSignaling } from './sfu/sfu-links';
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
  private meshEvents: SignalingEvents | null = null;
  private signaling: SfuSignaling | null = null;
  private configuration: Readonly<RTCConfiguration>;

  constructor(private readonly options: RoomOptions) {
    this.configuration = options.configuration;
    const forward = <K extends keyof SignalingEvents>(key: K) =>
      ((...args: Parameters<SignalingEvents[K]>) => {
        const target = this.sfu?.signalingEvents ?? this.meshEvents;
        (target?.[key] as ((...a: Parameters<SignalingEvents[K]>) => void) | undefined)?.(...args);
      }) as SignalingEvents[K];
    const events: SignalingEvents = {
      state: forward('state'),
      peerJoined: forward('peerJoined'),
      peerLeft: forward('peerLeft'),
      signal: forward('signal'),
      reconnected: forward('reconnected'),
    };
    this.mesh = new Room({
      ...options,
      connect: (url, meshEvents) => {
        this.meshEvents = meshEvents;
        const signaling: SfuSignaling = options.connect(url, events);
        this.signaling = signaling;
        return this.intercepted(signaling);
      },
    });
    this.meshMedia = meshMediaPort(this.mesh);
  }

  /** The signaling the Room uses: a join answered with 'sfu' moves the call to Janus before the Room hears of it. */
  private intercepted(signaling: SfuSignaling): RoomSignaling {
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

  get id(): string {
    return this.current.id;
  }

  setConfiguration(configuration: Readonly<RTCConfiguration>): void {
    this.configuration = configuration;
    this.current.setConfiguration(configuration);
  }

  async connect(room: string, name: string): Promise<PeerInfo[]> {
    const peers = await this.mesh.connect(room, name);
    return this.sfu ? this.sfu.connect() : peers;
  }

  replace(policy: RTCIceTransportPolicy): void {
    this.configuration = Object.freeze({ ...this.configuration, iceTransportPolicy: policy });
    this.current.replace(policy);
  }

  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void {
    this.configuration = Object.freeze({ ...this.configuration, ...configuration });
    this.current.reconfigure(configuration, restart);
  }

  stats(): Promise<LinkStats[]> {
    return this.current.stats();
  }

  /** The media's view (call-media.ts): the mesh's links, none on the SFU. */
  connections(): MediaLink[] {
    return this.sfu ? this.sfu.connections() : this.mesh.connections();
  }

  peers(): string[] {
    return (this.sfu ?? this.meshMedia).peers();
  }

  senders(): TrackSender[] {
    return (this.sfu ?? this.meshMedia).senders();
  }

  send(remoteId: string, data: SignalData): void {
    if (!this.sfu) return this.mesh.send(remoteId, data);
    this.signaling?.signal(remoteId, data, () => undefined);
  }

  close(): Promise<void> {
    return this.current.close();
  }
}
