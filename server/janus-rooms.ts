/**
 * The signaling server's side of group calls on Janus: a VideoRoom per Traverse room (its id
 * derived from the name, the same on every process and after restarts), short-lived signed
 * tokens for each admitted person, and a sweep that destroys Traverse's rooms once they have
 * been empty for a grace period. One WebSocket and session to Janus, reopened when Janus
 * restarts or the session ends. Used by the joins that room-mode.ts puts on Janus.
 */
import { createHash, createHmac } from 'node:crypto';
import type { z } from 'zod';
import { errorMessage } from '../shared/error-message';
import {
  VIDEOROOM_ERROR,
  videoRoomCreatedSchema,
  videoRoomDestroyedSchema,
  videoRoomListSchema,
  videoRoomParticipantsSchema,
  type JanusAdmission,
  type VideoRoomParticipant,
} from '../shared/janus';
import type { JanusConfig } from './janus-env';
import { JanusError, janusProtocolError } from '../shared/janus-errors';
import { createRoomLink } from './janus-room-link';
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

/** The VideoRoom id of a Traverse room: stable, 48 bits (safe in JavaScript and in Janus's guint64). */
export function videoRoomIdFor(name: string): number {
  const id = createHash('sha256').update(`traverse-room:${name}`).digest().readUIntBE(0, 6);
  return id === 0 ? 1 : id;
}

/** The room's secret (needed to destroy or edit it): derived, so every process knows it. */
function videoRoomSecret(tokenSecret: string, room: number): string {
  return createHmac('sha256', tokenSecret).update(`videoroom-secret:${room}`).digest('base64url');
}

type VideoRoomRequest = (body: Record<string, unknown>) => Promise<Record<string, unknown>>;
type ParseAnswer = <T>(schema: z.ZodType<T>, data: unknown, what: string) => T;

/** Janus's answer to `what`, parsed; an answer of another shape is a protocol error naming Janus's URL. */
function parseAnswer<T>(url: string, schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw janusProtocolError(url, `unexpected answer to ${what}`);
  return parsed.data;
}

/** Creates Traverse's VideoRoom `room` (private, signed tokens only); false when it already exists. */
async function createVideoRoom(
  videoRoom: VideoRoomRequest,
  parse: ParseAnswer,
  room: number,
  settings: { adminKey: string; secret: string; publishers: number; pin?: string },
): Promise<boolean> {
  try {
    const data = await videoRoom({
      request: 'create',
      room,
      admin_key: settings.adminKey,
      secret: settings.secret,
      description: TRAVERSE_ROOM_DESCRIPTION,
      is_private: true,
      publishers: settings.publishers,
      signed_tokens: true,
      ...(settings.pin ? { pin: settings.pin } : {}),
    });
    parse(videoRoomCreatedSchema, data, 'create');
    return true;
  } catch (error) {
    if (error instanceof JanusError && error.code === VIDEOROOM_ERROR.roomExists) return false;
    throw error;
  }
}

/** Destroys VideoRoom `room`; false when there is no such room (already gone). */
async function destroyVideoRoom(
  videoRoom: VideoRoomRequest,
  parse: ParseAnswer,
  room: number,
  secret: string,
): Promise<boolean> {
  try {
    parse(videoRoomDestroyedSchema, await videoRoom({ request: 'destroy', room, secret }), 'destroy');
    return true;
  } catch (error) {
    if (error instanceof JanusError && error.code === VIDEOROOM_ERROR.noSuchRoom) return false;
    throw error;
  }
}

export function createJanusRooms(options: JanusRoomsOptions): JanusRooms {
  const { tokenSecret, adminKey, maxPublishers = 16, emptyGraceMs = 60_000, tokenTtlSeconds = 600 } = options;
  const now = options.now ?? Date.now;
  const onProblem = options.onProblem ?? (() => undefined);
  const destroyedListeners = new Set<(room: number) => void>();
  /** When each Traverse room was first seen empty by this process. */
  const emptySince = new Map<number, number>();
  const link = createRoomLink({ ...options, tokenSecret, now, onProblem });
  const videoRoom = (body: Record<string, unknown>) => link.videoRoom(body);
  const parse = <T>(schema: z.ZodType<T>, data: unknown, what: string) => parseAnswer(options.url, schema, data, what);
  const roomSecret = (room: number) => videoRoomSecret(tokenSecret, room);

  async function ensureRoom(name: string, extra: { pin?: string } = {}) {
    const room = videoRoomIdFor(name);
    emptySince.delete(room);
    const settings = { adminKey, secret: roomSecret(room), publishers: maxPublishers, ...extra };
    return { room, created: await createVideoRoom(videoRoom, parse, room, settings) };
  }

  const destroy = (room: number) => destroyVideoRoom(videoRoom, parse, room, roomSecret(room));

  async function sweep(): Promise<number[]> {
    const { list } = parse(videoRoomListSchema, await videoRoom({ request: 'list', admin_key: adminKey }), 'list');
    const ours = list.filter((entry) => entry.description === TRAVERSE_ROOM_DESCRIPTION);
    const destroyed: number[] = [];
    for (const room of dueForDestroy(ours, emptySince, now(), emptyGraceMs))
      if (await destroy(room)) destroyed.push(room);
    for (const room of destroyed) for (const listener of [...destroyedListeners]) listener(room);
    return destroyed;
  }

  const stopSweeping = every(options.sweepIntervalMs ?? 10_000, sweep, (error) =>
    onProblem(`Tidying Janus's rooms failed: ${errorMessage(error)}`),
  );

  return {
    roomId: videoRoomIdFor,
    ensureRoom,
    async admit(name) {
      const { room } = await ensureRoom(name);
      return admission(options.publicUrl, tokenSecret, room, Math.floor(now() / 1000) + tokenTtlSeconds);
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
      stopSweeping();
      await link.close();
    },
  };
}

/** What an admitted person needs to join `room` on Janus, valid until `expiresAtSeconds`. */
function admission(url: string, tokenSecret: string, room: number, expiresAtSeconds: number): JanusAdmission {
  return {
    url,
    room,
    token: videoRoomApiToken(tokenSecret, expiresAtSeconds),
    roomToken: videoRoomJoinToken(tokenSecret, room, expiresAtSeconds),
    expiresAt: expiresAtSeconds * 1000,
  };
}

/**
 * Which of Traverse's rooms have been empty for `graceMs` (given Janus's list now); `emptySince`
 * remembers when each was first seen empty and forgets rooms that are gone, busy or due.
 */
function dueForDestroy(
  ours: readonly { room: number; num_participants: number }[],
  emptySince: Map<number, number>,
  now: number,
  graceMs: number,
): number[] {
  const seen = new Set(ours.map((entry) => entry.room));
  for (const room of emptySince.keys()) if (!seen.has(room)) emptySince.delete(room);
  const due: number[] = [];
  for (const { room, num_participants } of ours) {
    if (num_participants > 0) {
      emptySince.delete(room);
      continue;
    }
    const since = emptySince.get(room) ?? now;
    emptySince.set(room, since);
    if (now - since < graceMs) continue;
    emptySince.delete(room);
    due.push(room);
  }
  return due;
}

/** Runs `task` every `intervalMs` (never two at once); 0: never. Returns the stop function. */
function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  return () => clearInterval(timer);
}
