/**
 * socket.io-client wrapper typed by shared/signaling.ts. Incoming payloads are
 * parsed; a refused request becomes a SignalingRefused carrying the server's words.
 * The handshake carries the invite (when the server requires one) and our
 * previous id, so after a drop the room can forget the old us at once.
 */
import { io, type Socket } from 'socket.io-client';
import {
  admissionAckSchema,
  incomingSignalSchema,
  joinAckSchema,
  leaveAckSchema,
  peerInfoSchema,
  peerLeftSchema,
  roomMovedSchema,
  signalingErrorSchema,
  signalRefusedSchema,
  type ClientToServerEvents,
  type IncomingSignal,
  type JanusAdmission,
  type JoinOffer,
  type JoinRequest,
  type JoinResult,
  type PeerInfo,
  type RoomMoved,
  type ServerToClientEvents,
  type SignalData,
  type SignalingError,
} from '../../../shared/signaling';

/** The reconnect backoff's first step (socket.io randomizes it by ±50 %): quick after a server restart. */
const RECONNECT_DELAY_MS = 500;
/** The same after a renewal: the old connection is known to be gone, so waiting buys nothing. */
const RENEW_DELAY_MS = 50;

export type SignalingState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export class SignalingRefused extends Error {
  constructor(readonly error: SignalingError) {
    super(error.message);
  }
}

export interface SignalingEvents {
  state(state: SignalingState, detail?: string): void;
  peerJoined(peer: PeerInfo): void;
  peerLeft(id: string): void;
  signal(signal: IncomingSignal): void;
  /** The socket came back after a drop; the room must be joined again. */
  reconnected(): void;
  /** Our mesh grew past its size and the room now runs on Janus (call/sfu/mesh-move.ts). */
  roomMoved?(moved: RoomMoved): void;
}

const ACK_TIMEOUT_MS = 8_000;
/** A server process that just died is waited for until the cluster notices: retry joins that long. */
const UNAVAILABLE_RETRIES = 6;
const UNAVAILABLE_DELAY_MS = 1_000;

/** The server's reason when it refused the connection itself (bad invite), else null. */
function refusal(error: Error): SignalingError | null {
  const parsed = signalingErrorSchema.safeParse((error as Error & { data?: unknown }).data);
  return parsed.success ? parsed.data : null;
}

export class SignalingClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private everConnected = false;
  private lastId: string | undefined;
  /** The secret the server bound to our id at the last join: `previousId` counts only with it. */
  private resume: { id: string; secret: string } | undefined;
  /** Who to tell when a signal to a peer is refused (the latest caller per peer). */
  private readonly refusalHandlers = new Map<string, (error: SignalingError) => void>();
  /** Joins sent and not yet answered: a connection with one on its way may be in a room the server has not told us of. */
  private joining = 0;
  /** The server said we are in no room: never joined, or the last leave was acked with none on its way. */
  private roomless = true;
  /** The server's reason when it turned the handshake away for good (no reconnect follows), kept for a wait begun later. */
  private refused: SignalingError | null = null;
  /** Where close() hands a roomless connection instead of dropping it (the lobby, for the next Join). */
  private keeper: ((client: SignalingClient) => void) | null = null;

  constructor(
    url: string,
    private events: SignalingEvents,
    /** The invite each (re)connect presents; null for open rooms. */
    token: () => string | null,
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      // A call waits on this to rejoin after a server restart: retry quickly (at most every 1 s).
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: 1_000,
      timeout: 8_000,
      // Read at every (re)connect, so a reconnect presents the current invite.
      auth: (send) => {
        const current = token();
        const previous = this.resume?.id === this.lastId ? this.resume : undefined;
        send({
          ...(current ? { token: current } : {}),
          ...(previous ? { previousId: previous.id, resume: previous.secret } : {}),
        });
      },
    });
    this.socket.on('connect', () => {
      this.events.state('connected');
      // A recovered session kept our id and room on the server: the call needs nothing.
      if (this.everConnected && !this.socket.recovered) this.events.reconnected();
      this.everConnected = true;
      this.lastId = this.socket.id;
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return this.events.state('closed');
      this.events.state('reconnecting', reason);
    });
    this.socket.on('connect_error', (error) => {
      const refused = refusal(error);
      // The server turned us away (no reconnect follows): say why, in its words.
      if (refused && !this.socket.active) {
        this.refused = refused;
        return this.events.state('closed', refused.message);
      }
      this.events.state(this.everConnected ? 'reconnecting' : 'connecting', error.message);
    });
    this.socket.on('peer-joined', (raw) => {
      const peer = peerInfoSchema.safeParse(raw);
      if (peer.success) this.events.peerJoined(peer.data);
    });
    this.socket.on('peer-left', (raw) => {
      const peer = peerLeftSchema.safeParse(raw);
      if (peer.success) this.events.peerLeft(peer.data.id);
    });
    this.socket.on('room-moved', (raw) => {
      const moved = roomMovedSchema.safeParse(raw);
      if (moved.success) this.events.roomMoved?.(moved.data);
    });
    this.socket.on('signal', (raw) => {
      const signal = incomingSignalSchema.safeParse(raw);
      if (signal.success) this.events.signal(signal.data);
    });
    this.socket.on('signal-refused', (raw) => {
      const refusal = signalRefusedSchema.safeParse(raw);
      if (refusal.success) this.refusalHandlers.get(refusal.data.to)?.(refusal.data.error);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Connected, or still trying to (not refused, not closed). */
  get alive(): boolean {
    return this.socket.connected || this.socket.active;
  }

  /** Hands this connection's events to `events` from now on (a call taking the lobby's connection). */
  attach(events: SignalingEvents): void {
    this.events = events;
    if (this.socket.connected) events.state('connected');
  }

  /** Resolves once connected, or rejects with a reason a person can act on. */
  waitConnected(url: string, timeoutMs = 10_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    // Refused before anyone waited (the call was still getting its servers): no answer will come now.
    if (this.refused && !this.socket.active) return Promise.reject(new SignalingRefused(this.refused));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `Could not reach the signaling server at ${url}. It may be down, or a firewall blocks it: check the address in Settings, or leave it empty to use the server built into Traverse.`,
          ),
        );
      }, timeoutMs);
      const onConnect = () => {
        done();
        resolve();
      };
      // After the constructor's own connect_error listener, which keeps a refusal in `refused`.
      const onError = () => {
        const refused = this.refused;
        if (!refused || this.socket.active) return; // a network error: socket.io keeps trying
        done();
        reject(new SignalingRefused(refused));
      };
      this.socket.once('connect', onConnect);
      this.socket.on('connect_error', onError);
    });
  }

  /** A join may carry our first offer (server/rooms.ts relays it to one person present). */
  readonly joinOffers: boolean = true;

  async join(room: string, name: string, offer?: JoinOffer): Promise<JoinResult> {
    this.joining += 1;
    this.roomless = false;
    try {
      return await this.joinOnce(room, name, offer);
    } finally {
      this.joining -= 1;
    }
  }

  private async joinOnce(room: string, name: string, offer?: JoinOffer): Promise<JoinResult> {
    let request: JoinRequest = offer ? { room, name, offer } : { room, name };
    for (let attempt = 0; ; attempt += 1) {
      const raw: unknown = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', request);
      const ack = joinAckSchema.parse(raw);
      if (ack.ok) {
        if (ack.value.resume) this.resume = { id: ack.value.id, secret: ack.value.resume };
        return ack.value;
      }
      // A server older than join offers refuses the field: join again without it.
      if (ack.error.code === 'invalid' && request.offer) {
        request = { room, name };
        continue;
      }
      if (ack.error.code !== 'unavailable' || attempt >= UNAVAILABLE_RETRIES) throw new SignalingRefused(ack.error);
      await new Promise((resolve) => setTimeout(resolve, UNAVAILABLE_DELAY_MS));
    }
  }

  /** In a room on the SFU: fresh Janus tokens (server/signaling.ts), parsed. */
  async admission(): Promise<JanusAdmission> {
    const ack = admissionAckSchema.parse(await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('admission'));
    if (!ack.ok) throw new SignalingRefused(ack.error);
    return ack.value;
  }

  async leave(): Promise<void> {
    if (!this.socket.connected) return;
    const raw: unknown = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('leave')
      .catch(() => undefined);
    const ack = leaveAckSchema.safeParse(raw);
    this.roomless = ack.success && ack.data.ok && this.joining === 0;
  }

  /**
   * Fire-and-forget relay to one peer, without an ack (half the packets of an
   * acked relay); a refusal arrives as `signal-refused` and is reported, not thrown.
   */
  signal(to: string, data: SignalData, onRefused?: (error: SignalingError) => void): void {
    if (onRefused) this.refusalHandlers.set(to, onRefused);
    this.socket.emit('signal', { to, data });
  }

  /**
   * Drops the connection's transport so the client connects again from the network as it is now:
   * the first attempt after 25-75 ms instead of the usual 250-750 (the backoff is set back once
   * connected). For a network change that may have left the old connection on an address that no
   * longer reaches the server (network-change.ts `signalingPathTouched`); the server lets the new
   * connection take over from the old one (server/rooms.ts), so nobody meets a frozen copy of us.
   */
  renew(): void {
    if (!this.socket.connected) return;
    const manager = this.socket.io;
    manager.reconnectionDelay(RENEW_DELAY_MS);
    manager.once('reconnect', () => manager.reconnectionDelay(RECONNECT_DELAY_MS));
    manager.engine.close();
  }

  /** From now on close() gives this connection to `keeper` when it is up and in no room (lobby-connection.ts). */
  keepWith(keeper: (client: SignalingClient) => void): void {
    this.keeper = keeper;
  }

  /** Done with this connection: kept for the next call when that was asked for and it is up and in no room, else dropped. */
  close(): void {
    const keeper = this.keeper;
    this.keeper = null;
    this.refusalHandlers.clear();
    if (keeper && this.socket.connected && this.roomless) return keeper(this);
    this.socket.disconnect();
  }
}
