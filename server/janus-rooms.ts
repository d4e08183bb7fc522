/**
 * The signaling server's side of group calls on Janus: a VideoRoom per Traverse room (its id
 * derived from the name, the same on every process and after restarts), short-lived signed
 * tokens for each admitted person, and a sweep that destroys Traverse's rooms once they have
 * been empty for a grace period. One WebSocket and session to Janus, reopened when Janus
 * restarts or the session ends. Not wired into signaling yet (the next step calls these).
 */
import { createHash, createHmac } from 'node:crypto';
import type { z } from 'zod';
import { errorMessage } from '../shared/error-message';
import {
  VIDEOROOM_ERROR,
  VIDEOROOM_PLUGIN,
  videoRoomCreatedSchema,
  videoRoomDestroyedSchema,
  videoRoomListSchema,
  videoRoomParticipantsSchema,
  type JanusAdmission,
  type VideoRoomParticipant,
} from '../shared/janus';
import { connectJanus, type JanusClient, type JanusHandle, type JanusSession } from './janus-client';
import type { JanusConfig } from './janus-env';
import { JanusError, janusProtocolError } from './janus-errors';
import { videoRoomApiToken, videoRoomJoinToken } from './janus-tokens';

/** Marks Traverse's VideoRooms in Janus's list, so the sweep leaves every other room alone. */
export const TRAVERSE_ROOM_DESCRIPTION = 'traverse';

export interface JanusRoomsOptions extends JanusConfig {
  /** Publishers a VideoRoom allows (the grid holds 16 tiles). Default 16. */
  maxPublishers?: number;
  /** How long a room stays empty before it is destroyed. Default 60 s. */
  emptyGraceMs?: number;
  /** How often Janus's room list is checked for empty rooms; 0: only when `sweep()` is called. Default 10 s. */
  sweepIntervalMs?: number;
  /** Lifetime of an admitted person's tokens. Default 600 s. */
  tokenTtlSeconds?: number;
  requestTimeoutMs?: number;
  keepaliveMs?: number;
  now?: () => number;
  /** Problems outside a call (a sweep that failed, a message that was not Janus's); log them. */
  onProblem?: (message: string) => void;
}

export interface JanusRooms {
  /** The VideoRoom id for a Traverse room name (first 48 bits of SHA-256 of the name). */
  roomId(name: string): number;
  /** Creates the room's VideoRoom unless it exists; `created` says which. Safe to call on every join. */
  ensureRoom(name: string, options?: { pin?: string }): Promise<{ room: number; created: boolean }>;
  /** Ensures the room and mints the tokens an admitted person needs to join it on Janus. */
  admit(name: string): Promise<JanusAdmission>;
  /** Who is in the room's VideoRoom now (throws JanusError 426 when there is no such room). */
  participants(name: string): Promise<VideoRoomParticipant[]>;
  /** One pass of the sweep: destroys Traverse rooms empty for longer than the grace; returns their ids. */
  sweep(): Promise<number[]>;
  /** Called with each room the sweep destroyed. */
  onRoomDestroyed(listener: (room: number) => void): () => void;
  /** Stops the sweep and closes the connection to Janus (rooms stay; the next process sweeps them). */
  close(): Promise<void>;
}

interface Link {
  client: JanusClient;
  session: JanusSession;
  handle: JanusHandle;
}

/** The VideoRoom id of a Traverse room: stable, 48 bits (safe in JavaScript and in Janus's guint64). */
export function videoRoomIdFor(name: string): number {
  const id = createHash('sha256').update(`traverse-room:${name}`).digest().readUIntBE(0, 6);
  return id === 0 ? 1 : id;
}

export function createJanusRooms(options: JanusRoomsOptions): JanusRooms {
  const { tokenSecret, adminKey, maxPublishers = 16, emptyGraceMs = 60_000, tokenTtlSeconds = 600 } = options;
  const now = options.now ?? Date.now;
  const onProblem = options.onProblem ?? (() => undefined);
  const destroyedListeners = new Set<(room: number) => void>();
  /** When each Traverse room was first seen empty by this process. */
  const emptySince = new Map<number, number>();
  let link: Promise<Link> | null = null;
  let closing = false;

  /** The room's secret (needed to destroy or edit it): derived, so every process knows it. */
  const roomSecret = (room: number) =>
    createHmac('sha256', tokenSecret).update(`videoroom-secret:${room}`).digest('base64url');

  /** Opens a link; `lost` is called once it ends (Janus restarted, or the session timed out). */
  async function open(lost: () => void): Promise<Link> {
    const client = await connectJanus({
      url: options.url,
      auth: () => ({ token: videoRoomApiToken(tokenSecret, now() / 1000 + 60) }),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.keepaliveMs ? { keepaliveMs: options.keepaliveMs } : {}),
      onProblem: (error) => onProblem(error.message),
    });
    try {
      const session = await client.createSession();
      const handle = await session.attach(VIDEOROOM_PLUGIN);
      const opened: Link = { client, session, handle };
      void session.ended.then(() => {
        lost();
        void client.close();
      });
      return opened;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The current link to Janus, opening one if there is none (a lost or failed link is dropped). */
  function currentLink(): Promise<Link> {
    if (closing)
      return Promise.reject(new JanusError('Janus rooms are closed: the signaling server is stopping.', 'connection'));
    if (link !== null) return link;
    const opening: Promise<Link> = open(() => {
      if (link === opening) link = null;
    });
    link = opening;
    opening.catch(() => {
      if (link === opening) link = null;
    });
    return opening;
  }

  /** Sends `body` to the VideoRoom. A request under a link that dies fails (in words); the next one reconnects. */
  async function videoRoom(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (await (await currentLink()).handle.send(body)).data;
  }

  function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw janusProtocolError(options.url, `unexpected answer to ${what}`);
    return parsed.data;
  }

  async function ensureRoom(name: string, extra: { pin?: string } = {}) {
    const room = videoRoomIdFor(name);
    emptySince.delete(room);
    try {
      const data = await videoRoom({
        request: 'create',
        room,
        admin_key: adminKey,
        secret: roomSecret(room),
        description: TRAVERSE_ROOM_DESCRIPTION,
        is_private: true,
        publishers: maxPublishers,
        signed_tokens: true,
        ...(extra.pin ? { pin: extra.pin } : {}),
      });
      parse(videoRoomCreatedSchema, data, 'create');
      return { room, created: true };
    } catch (error) {
      if (error instanceof JanusError && error.code === VIDEOROOM_ERROR.roomExists) return { room, created: false };
      throw error;
    }
  }

  async function destroy(room: number): Promise<boolean> {
    try {
      parse(
        videoRoomDestroyedSchema,
        await videoRoom({ request: 'destroy', room, secret: roomSecret(room) }),
        'destroy',
      );
      return true;
    } catch (error) {
      if (error instanceof JanusError && error.code === VIDEOROOM_ERROR.noSuchRoom) return false;
      throw error;
    }
  }

  async function sweep(): Promise<number[]> {
    const { list } = parse(videoRoomListSchema, await videoRoom({ request: 'list', admin_key: adminKey }), 'list');
    const ours = list.filter((entry) => entry.description === TRAVERSE_ROOM_DESCRIPTION);
    const seen = new Set(ours.map((entry) => entry.room));
    for (const room of emptySince.keys()) if (!seen.has(room)) emptySince.delete(room);
    const destroyed: number[] = [];
    for (const { room, num_participants } of ours) {
      if (num_participants > 0) {
        emptySince.delete(room);
        continue;
      }
      const since = emptySince.get(room) ?? now();
      emptySince.set(room, since);
      if (now() - since < emptyGraceMs) continue;
      emptySince.delete(room);
      if (await destroy(room)) destroyed.push(room);
    }
    for (const room of destroyed) for (const listener of [...destroyedListeners]) listener(room);
    return destroyed;
  }

  const interval = options.sweepIntervalMs ?? 10_000;
  let sweeping = false;
  const timer =
    interval > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweep()
            .catch((error: unknown) => onProblem(`Tidying Janus's rooms failed: ${errorMessage(error)}`))
            .finally(() => (sweeping = false));
        }, interval)
      : null;

  return {
    roomId: videoRoomIdFor,
    ensureRoom,
    async admit(name) {
      const { room } = await ensureRoom(name);
      const expiresAtSeconds = Math.floor(now() / 1000) + tokenTtlSeconds;
      return {
        url: options.publicUrl,
        room,
        token: videoRoomApiToken(tokenSecret, expiresAtSeconds),
        roomToken: videoRoomJoinToken(tokenSecret, room, expiresAtSeconds),
        expiresAt: expiresAtSeconds * 1000,
      };
    },
    async participants(name) {
      const room = videoRoomIdFor(name);
      const data = await videoRoom({ request: 'listparticipants', room });
      return parse(videoRoomParticipantsSchema, data, 'listparticipants').participants;
    },
    sweep,
    onRoomDestroyed(listener) {
      destroyedListeners.add(listener);
      return () => void destroyedListeners.delete(listener);
    },
    async close() {
      closing = true;
      if (timer) clearInterval(timer);
      const current = link;
      link = null;
      if (!current) return;
      try {
        const { client, session } = await current;
        await session.destroy().catch(() => undefined);
        await client.close();
      } catch {
        // The link never opened: nothing to close.
      }
    },
  };
}
