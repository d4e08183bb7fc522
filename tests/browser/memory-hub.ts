/** One room's worth of in-memory signaling for browser tests: join, leave and signals, delivered asynchronously in order. */
import type { PeerInfo } from '../../shared/signaling';
import type { RoomSignaling } from '../../renderer/src/call/room';
import type { SignalingEvents } from '../../renderer/src/signaling/socket-signaling';

export class Hub {
  private readonly members = new Map<string, { info: PeerInfo; events: SignalingEvents }>();
  private next = 0;
  /** Channels opened and not yet closed (the stand-in for open sockets). */
  open = 0;

  connect = (_url: string, events: SignalingEvents): RoomSignaling => {
    const id = `peer-${(this.next += 1)}`;
    const hub = this.members;
    this.open += 1;
    let closed = false;
    return {
      waitConnected: () => {
        events.state('connected');
        return Promise.resolve();
      },
      join: (room, name) => {
        const peers = [...hub.values()].map((m) => m.info);
        for (const m of hub.values()) queueMicrotask(() => m.events.peerJoined({ id, name }));
        hub.set(id, { info: { id, name }, events });
        return Promise.resolve({ id, room, peers });
      },
      signal: (to, data) => queueMicrotask(() => hub.get(to)?.events.signal({ from: id, data })),
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
