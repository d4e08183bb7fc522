/**
 * socket.io-client wrapper typed by shared/signaling.ts. Incoming payloads are
 * parsed; a refused request becomes a SignalingRefused carrying the server's words.
 */
import { io, type Socket } from 'socket.io-client';
import {
  emptyAckSchema,
  incomingSignalSchema,
  joinAckSchema,
  peerInfoSchema,
  peerLeftSchema,
  type ClientToServerEvents,
  type IncomingSignal,
  type JoinResult,
  type PeerInfo,
  type ServerToClientEvents,
  type SignalData,
  type SignalingError,
} from '../../../shared/signaling';

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
}

const ACK_TIMEOUT_MS = 8_000;

export class SignalingClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private everConnected = false;

  constructor(url: string, private readonly events: SignalingEvents) {
    this.socket = io(url, { transports: ['websocket'], reconnectionDelayMax: 2_000, timeout: 8_000 });
    this.socket.on('connect', () => {
      events.state('connected');
      if (this.everConnected) events.reconnected();
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return events.state('closed');
      events.state('reconnecting', reason);
    });
    this.socket.on('connect_error', (error) => events.state(this.everConnected ? 'reconnecting' : 'connecting', error.message));
    this.socket.on('peer-joined', (raw) => {
      const peer = peerInfoSchema.safeParse(raw);
      if (peer.success) events.peerJoined(peer.data);
    });
    this.socket.on('peer-left', (raw) => {
      const peer = peerLeftSchema.safeParse(raw);
      if (peer.success) events.peerLeft(peer.data.id);
    });
    this.socket.on('signal', (raw) => {
      const signal = incomingSignalSchema.safeParse(raw);
      if (signal.success) events.signal(signal.data);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolves once connected, or rejects with a reason a person can act on. */
  waitConnected(url: string, timeoutMs = 10_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('connect', onConnect);
        reject(new Error(`Could not reach the signaling server at ${url}. It may be down, or a firewall blocks it: check the address in Settings, or leave it empty to use the server built into Traverse.`));
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket.once('connect', onConnect);
    });
  }

  async join(room: string, name: string): Promise<JoinResult> {
    const raw: unknown = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { room, name });
    const ack = joinAckSchema.parse(raw);
    if (!ack.ok) throw new SignalingRefused(ack.error);
    return ack.value;
  }

  async leave(): Promise<void> {
    if (!this.socket.connected) return;
    await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('leave').catch(() => undefined);
  }

  /** Fire-and-forget relay to one peer; a refusal is reported, not thrown. */
  signal(to: string, data: SignalData, onRefused?: (error: SignalingError) => void): void {
    this.socket.emit('signal', { to, data }, (raw: unknown) => {
      const ack = emptyAckSchema.safeParse(raw);
      if (ack.success && !ack.data.ok) onRefused?.(ack.data.error);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
