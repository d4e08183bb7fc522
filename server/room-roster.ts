/**
 * Who is in a room, across every server process. Asking the cluster
 * (fetchSockets) costs a round trip through Redis, far too much for every
 * relayed candidate, so signal routing asks this roster instead. Processes tell
 * each other about joins and leaves (server-side events through the adapter, in
 * the same stream and order as the room's own broadcasts); a miss, as after a
 * restart, asks the cluster once.
 */
import type { Server } from 'socket.io';

/** How long to wait for every process to answer; a crashed one never does. */
export const CLUSTER_TIMEOUT_MS = 2_500;

/** What processes tell each other about membership. */
export interface InterServerEvents {
  'roster-join': (room: string, id: string) => void;
  'roster-leave': (room: string, id: string) => void;
}

export class RoomRoster {
  private readonly entries = new Map<string, Set<string>>();

  constructor(
    // The loosest Server type: the roster only reads socket ids and local rooms.
    private readonly io: Pick<Server, 'in'> & { of(nsp: '/'): { adapter: { rooms: Map<string, Set<string>> } } },
  ) {}

  /** Every socket id in `room` on every process; throws when a process does not answer. */
  async members(room: string): Promise<Set<string>> {
    const sockets = await this.io.in(room).timeout(CLUSTER_TIMEOUT_MS).fetchSockets();
    const ids = new Set(sockets.map((s) => s.id));
    if (ids.size === 0) this.entries.delete(room);
    else this.entries.set(room, ids);
    return ids;
  }

  /** True when `id` is in `room`; answers from what it was told when it can. */
  async has(room: string, id: string): Promise<boolean> {
    if (this.entries.get(room)?.has(id)) return true;
    return (await this.members(room)).has(id);
  }

  add(room: string, id: string): void {
    const entry = this.entries.get(room);
    if (entry) entry.add(id);
    else this.entries.set(room, new Set([id]));
  }

  forget(room: string, id: string): void {
    const entry = this.entries.get(room);
    entry?.delete(id);
    if (entry?.size === 0) this.entries.delete(room);
  }

  /**
   * Drops rooms with nobody on this process: only local senders consult the
   * roster, and a process that crashed never said its people left.
   */
  sweep(): void {
    const local = this.io.of('/').adapter.rooms;
    for (const room of this.entries.keys()) if (!local.has(room)) this.entries.delete(room);
  }
}
