/**
 * Who is in a room, across every server process. Asking the cluster
 * (fetchSockets) costs a round trip through Redis, too much for every relayed
 * candidate, so signal routing asks this roster: hits are trusted for a short
 * time, misses ask the cluster again (a newcomer on another process is a miss).
 */
import type { Server } from 'socket.io';

const FRESH_MS = 3_000;
/** How long to wait for every process to answer; a crashed one never does. */
export const CLUSTER_TIMEOUT_MS = 2_500;

interface Entry {
  ids: Set<string>;
  at: number;
}

export class RoomRoster {
  private readonly entries = new Map<string, Entry>();

  // The loosest Server type: the roster only reads socket ids.
  constructor(private readonly io: Pick<Server, 'in'>, private readonly now: () => number = Date.now) {}

  /** Every socket id in `room` on every process; throws when a process does not answer. */
  async members(room: string): Promise<Set<string>> {
    const sockets = await this.io.in(room).timeout(CLUSTER_TIMEOUT_MS).fetchSockets();
    const ids = new Set(sockets.map((s) => s.id));
    if (ids.size === 0) this.entries.delete(room);
    else this.entries.set(room, { ids, at: this.now() });
    return ids;
  }

  /** True when `id` is in `room`; answers from the cache when it can. */
  async has(room: string, id: string): Promise<boolean> {
    const entry = this.entries.get(room);
    if (entry && entry.ids.has(id) && this.now() - entry.at < FRESH_MS) return true;
    return (await this.members(room)).has(id);
  }

  /** Forget a member at once (it left through this process). */
  forget(room: string, id: string): void {
    this.entries.get(room)?.ids.delete(id);
  }

  /** Drops stale entries so rooms that emptied long ago do not pile up. */
  sweep(): void {
    const t = this.now();
    for (const [room, entry] of this.entries) if (t - entry.at >= FRESH_MS) this.entries.delete(room);
  }
}
