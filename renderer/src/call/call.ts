/**
 * One call, from Join to leave(): it owns its signaling connection (taken over
 * from the lobby's), the local media it sends, its ICE configuration (a frozen
 * value, replaced on refresh and never changed in place), the invite, its
 * links (a mesh Room or a call on Janus, chosen by the join's answer: links-choice.ts) with their recorders and
 * timers, the diagnostics stats poller, and the ice:updated subscription.
 * leave() releases all of it; nothing of a call outlives it.
 */
import type { IceConfig } from '../../../shared/ipc';
import { signalingPathTouched } from '../../../shared/network-change';
import type { ServerKinds } from '../../../shared/report';
import { StatsPoller } from '../diagnostics/stats-poller';
import type { SignalingEvents } from '../signaling/socket-signaling';
import { CallMedia, type CallMediaSetup } from './call-media';
import { applyIceUpdate, followIceUpdates } from './ice-refresh';
import { LinksChoice } from './links-choice';
import type { RoomEvents, RoomOptions, RoomSignaling } from './room';
import { CallSetupMarks } from './setup-marks';

/** What the call learns once Join is pressed: the servers, and whether Relay only is on. */
export interface CallSetup {
  ice: IceConfig;
  relayOnly: boolean;
}

/** The main process's ICE service, as far as a call needs it. */
export interface IcePort {
  get(): Promise<IceConfig>;
  onUpdated(listener: (config: IceConfig) => void): () => void;
}

export interface CallOptions {
  signalingUrl: string;
  /** The invite this call's signaling presents; null for open rooms. */
  invite: string | null;
  /** Handed over to the call: its tracks stop when the call ends. */
  localStream: MediaStream;
  events: RoomEvents;
  /** Opens the call's signaling connection (the lobby's, or an in-memory channel in tests). */
  connect(url: string, invite: string | null, events: SignalingEvents): RoomSignaling;
  ice: IcePort;
  /** This computer's network changes (`network:changed`); each link decides whether its path is touched. */
  network?: RoomOptions['network'];
  /** Whether any link runs through a relay now (decides whether a refresh restarts ICE). */
  isRelayed(): boolean;
  timings?: Pick<RoomOptions, 'recovery' | 'switchTimeoutMs'> & { statsIntervalMs?: number };
  /** Media state, screen share and device switches (call-media.ts); without it nobody hears of them. */
  media?: CallMediaSetup;
  /** Told each time the kinds of servers the call uses change (the hints read them from the store). */
  onServers?: (kinds: ServerKinds) => void;
  /** The setup marks, begun when Join was pressed; without them the call starts its own. */
  setup?: CallSetupMarks;
  /** Each person's tile height on screen (device pixels): on Janus, the simulcast layer it takes. */
  tileHeight?: RoomOptions['tileHeight'];
}

const UNHEARD: CallMediaSetup = {
  initial: { muted: false, cameraOff: false },
  events: { peerMedia: () => {}, sharing: () => {}, localTrack: () => {}, devicesChanged: () => {}, notice: () => {} },
};

const NO_SERVERS: Readonly<RTCConfiguration> = Object.freeze({});

export class Call {
  readonly invite: string | null;
  readonly localStream: MediaStream;
  /** Our media state to the others (and theirs to us), the screen share, device switches. */
  readonly media: CallMedia;
  private readonly room: LinksChoice;
  private readonly poller: StatsPoller;
  /** When each phase of each link's setup was reached (the timeline, the summary and the bench read them). */
  readonly setup: CallSetupMarks;
  /** The servers the call uses now (credentials stay here, never in the store). */
  private ice: IceConfig | null = null;
  private stopFollowingIce: (() => void) | null;
  /** The call's signaling connection, once the room opened it. */
  private signaling: RoomSignaling | null = null;
  private stopWatchingNetwork: (() => void) | null;
  private ended = false;

  constructor(private readonly options: CallOptions) {
    this.invite = options.invite;
    this.localStream = options.localStream;
    this.media = new CallMedia(options.localStream, options.media ?? UNHEARD);
    const setup = (this.setup = options.setup ?? new CallSetupMarks());
    setup.mark('media-ready'); // the stream is handed over ready (the CallHolder marks it sooner, when it was)
    const room = new LinksChoice({
      signalingUrl: options.signalingUrl,
      configuration: NO_SERVERS,
      localStream: options.localStream,
      events: options.events,
      freshConfiguration: async () => {
        const fresh = await options.ice.get();
        // A failed refresh falls back to STUN only: keep the servers the call has.
        return fresh.error ? null : Object.freeze({ iceServers: fresh.iceServers });
      },
      connect: (url, events) =>
        (this.signaling = setup.watchSignaling(options.connect(url, options.invite, setup.watchEvents(events)))),
      media: this.media,
      setup,
      ...(options.timings?.recovery ? { recovery: options.timings.recovery } : {}),
      ...(options.network ? { network: options.network } : {}),
      ...(options.tileHeight ? { tileHeight: options.tileHeight } : {}),
      ...(options.timings?.switchTimeoutMs ? { switchTimeoutMs: options.timings.switchTimeoutMs } : {}),
    });
    this.media.bind(room);
    this.room = room;
    this.poller = new StatsPoller(this.room, options.timings?.statsIntervalMs);
    // Before any link hears the change (they subscribe later): their restart offers then wait for the new connection.
    this.stopWatchingNetwork =
      options.network?.((change) => {
        if (signalingPathTouched(change)) this.signaling?.renew?.();
      }) ?? null;
    this.stopFollowingIce = followIceUpdates(
      (listener) => options.ice.onUpdated(listener),
      (config) => this.refresh(config),
    );
  }

  /** Our id in the room ('' before the join is acked). */
  get id(): string {
    return this.room.id;
  }

  /** What the call runs on: the mesh, or Janus once the join's answer said so. */
  get mode(): 'mesh' | 'sfu' {
    return this.room.mode;
  }

  get active(): boolean {
    return !this.ended;
  }

  /** Joins once `setup` is known (fetched while the signaling connection comes up). */
  async join(roomName: string, name: string, setup: Promise<CallSetup>): Promise<void> {
    const { ice, relayOnly } = await setup;
    if (this.ended) return; // left while the servers were on their way
    this.setup.mark('ice-ready');
    this.useServers(ice);
    // Links are made after the join ack, with this configuration.
    this.room.setConfiguration(
      Object.freeze({ iceServers: ice.iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' }),
    );
    await this.room.connect(roomName, name);
    if (!this.ended) this.poller.start();
  }

  /** Relay only on or off for the live call (make-before-break replacement of each link), clicked at `clickedAt`. */
  setRelayOnly(on: boolean, clickedAt = this.setup.now()): void {
    if (this.ended) return;
    this.setup.switchBy(clickedAt, () => this.room.replace(on ? 'relay' : 'all'));
  }

  /** Which kinds of servers the call uses now, without the credentials (none before the join). */
  get servers(): ServerKinds {
    return serverKinds(this.ice);
  }

  private useServers(ice: IceConfig): void {
    this.ice = ice;
    this.options.onServers?.(this.servers);
  }

  /** Fresh credentials from the main process: a new configuration value for every link. */
  private refresh(config: IceConfig): void {
    if (this.ended) return;
    applyIceUpdate(this.room, config, this.options.isRelayed(), (message) => this.options.events.problem(message));
    if (!config.error) this.useServers(config);
  }

  /** Ends the call: the subscription, every link and timer, the signaling connection and the local tracks. */
  async leave(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.stopFollowingIce?.();
    this.stopFollowingIce = null;
    this.stopWatchingNetwork?.();
    this.stopWatchingNetwork = null;
    this.poller.stop();
    this.media.close();
    await this.room.close();
    for (const track of this.localStream.getTracks()) track.stop();
  }
}

/** The kinds of servers in a configuration (null: none fetched yet). */
function serverKinds(ice: IceConfig | null): ServerKinds {
  const urls = (ice?.iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  return {
    turnConfigured: urls.some((u) => /^turns?:/.test(u)),
    stunConfigured: urls.some((u) => u.startsWith('stun:')),
  };
}
