/**
 * One room's worth of in-memory signaling for browser tests: join, leave and
 * signals, delivered asynchronously in order. Signals can be held and then
 * released in order, so both sides' offers are out before either arrives (glare).
 */
import type { PeerInfo, SignalData } from '../../shared/signaling';
import type { RoomSignaling } from '../../renderer/src/call/room';
import type { SignalingEvents } from '../../renderer/src/signaling/socket-signaling';

export class Hub {
  private readonly members = new Map<string, { info: PeerInfo; events: SignalingEvents }>();
  private next = 0;
  /** Channels opened and not yet closed (the stand-in for open sockets). */
  open = 0;
  /** Every signal sent, in order. */
  readonly sent: { from: string; to: string; data: SignalData }[] = [];
  private held: (() => void)[] | null = null;

  /** joinOffers: a join may carry a first offer, handed to the first person present (as server/rooms.ts does). */
  constructor(private readonly options: { joinOffers?: boolean } = {}) {}

  /** Holds every signal from now on until release(). */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const deliver of held) deliver();
  }

  private deliver(fn: () => void): void {
    if (this.held) this.held.push(fn);
    else queueMicrotask(fn);
  }

  connect = (_url: string, events: SignalingEvents): RoomSignaling => {
    const id = `peer-${(this.next += 1)}`;
    const hub = this.members;
    this.open += 1;
    let closed = false;
    return {
      joinOffers: this.options.joinOffers === true,
      waitConnected: () => {
        events.state('connected');
        return Promise.resolve();
      },
      join: (room, name, offer) => {
        const peers = [...hub.values()].map((m) => m.info);
        for (const m of hub.values()) queueMicrotask(() => m.events.peerJoined({ id, name }));
        hub.set(id, { info: { id, name }, events });
        const offeredTo = this.options.joinOffers && offer ? peers[0]?.id : undefined;
        if (offer && offeredTo) {
          this.sent.push({ from: id, to: offeredTo, data: { description: offer } });
          this.deliver(() => hub.get(offeredTo)?.events.signal({ from: id, data: { description: offer } }));
        }
        return Promise.resolve({ id, room, peers, ...(offeredTo ? { offeredTo } : {}) });
      },
      signal: (to, data) => {
        this.sent.push({ from: id, to, data });
        this.deliver(() => hub.get(to)?.events.signal({ from: id, data }));
      },
      leave: () => {
        hub.delete(id);
        for (const m of hub.values()) queueMicrotask(() => m.events.peerLeft(id));
        return Promise.resolve();
      },
      close: () => {
        if (!closed) this.open -= 1;
        closed = true;
        events.state('closed');
      },
    };
  };
}
