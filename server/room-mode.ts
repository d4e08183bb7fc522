/**
 * Mesh or SFU, decided per join: a room is a mesh up to `meshMax` people, and the join that
 * would make a running mesh larger goes onto Janus with the person's admission
 * (server/janus-rooms.ts) and `moves` the mesh there: everyone in it hears `room-moved`
 * (rooms.ts) and comes over make-before-break. With `meshMax` 0 every join goes onto Janus.
 * Without Janus a room holds MAX_ROOM_SIZE people, and the one after hears why and what the
 * operator can do.
 */
import { errorMessage } from '../shared/error-message';
import type { JanusAdmission } from '../shared/janus';
import { MAX_ROOM_SIZE, type Ack, type CallMode } from '../shared/signaling';
import type { JanusRooms } from './janus-rooms';
import { failure } from './limits';

export interface SfuOptions {
  rooms: Pick<JanusRooms, 'admit'>;
  /** The most people a room holds as a mesh (0: every room on Janus); at most MAX_ROOM_SIZE. */
  meshMax: number;
  /** The most people a room holds on Janus (its VideoRoom's publishers). */
  maxPeople: number;
}

/** `moves`: the people present are a mesh that this join moves onto Janus. */
export type Placement = { mode: 'mesh' } | { mode: 'sfu'; janus: JanusAdmission; moves: boolean };

/** The default room sizes: a mesh of four, sixteen on Janus (the grid holds 16 tiles). */
export const DEFAULT_MESH_MAX = MAX_ROOM_SIZE;
export const DEFAULT_SFU_MAX_PEOPLE = 16;

const sfuFull = (max: number): Ack<never> => ({
  ok: false,
  error: {
    code: 'room-full',
    message: `This room is full: group calls on this server hold at most ${max} people. Pick another room name, or ask someone to leave.`,
  },
});

const janusDown = (detail: string): Ack<never> => ({
  ok: false,
  error: {
    code: 'unavailable',
    message: `Joining failed: this room is a group call on the server's SFU (Janus), and Janus did not answer (${detail}). Try again in a minute; if it keeps failing, the server's operator checks that Janus runs at JANUS_URL with the same JANUS_TOKEN_SECRET and JANUS_ADMIN_KEY (README, "Group calls on Janus").`,
  },
});

/** Where a newcomer to `room` goes, given the people present and the mode each of them is in. */
export async function placeJoin(
  sfu: SfuOptions | undefined,
  room: string,
  present: readonly { data: { mode?: CallMode } }[],
): Promise<Ack<Placement>> {
  const size = present.length + 1;
  if (!sfu) return size > MAX_ROOM_SIZE ? failure('room-full') : { ok: true, value: { mode: 'mesh' } };
  if (size > sfu.maxPeople) return sfuFull(sfu.maxPeople);
  const onSfu = present.some((s) => s.data.mode === 'sfu');
  if (!onSfu && size <= Math.min(sfu.meshMax, MAX_ROOM_SIZE)) return { ok: true, value: { mode: 'mesh' } };
  try {
    return {
      ok: true,
      value: { mode: 'sfu', janus: await sfu.rooms.admit(room), moves: !onSfu && present.length > 0 },
    };
  } catch (error) {
    return janusDown(errorMessage(error));
  }
}
