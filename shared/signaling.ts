/**
 * The signaling contract: socket.io event names and payloads, both directions.
 * Types describe; the schemas validate. The server parses every payload it gets.
 */
import { z } from 'zod';
import { janusAdmissionSchema, type JanusAdmission } from './janus';

/** The most people a mesh call holds: each person sends one copy of their video per peer. */
export const MAX_ROOM_SIZE = 4;

export const roomNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a room name')
  .max(64, 'Room names are at most 64 characters')
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'Room names may use letters, digits, spaces, dot, dash and underscore');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name')
  .max(40, 'Display names are at most 40 characters');

export const peerIdSchema = z.string().min(1).max(64);

export const peerInfoSchema = z.object({ id: peerIdSchema, name: z.string() });
export type PeerInfo = z.infer<typeof peerInfoSchema>;

/** Sizes are caps on what one peer may relay to another; real SDP is a few KB. */
export const MAX_SDP_BYTES = 32_000;
export const MAX_CANDIDATE_BYTES = 1_024;

export const sessionDescriptionSchema = z
  .object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(MAX_SDP_BYTES) })
  .strict();

export const iceCandidateSchema = z
  .object({
    candidate: z.string().max(MAX_CANDIDATE_BYTES),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();

/**
 * A newcomer's first offer, sent with its join: once the join is admitted the server relays it
 * to one person already there (as a signal of session 0) and the join's answer says whom.
 */
export const joinOfferSchema = sessionDescriptionSchema.extend({ type: z.literal('offer') }).strict();
export type JoinOffer = z.infer<typeof joinOfferSchema>;

export const joinRequestSchema = z
  .object({ room: roomNameSchema, name: displayNameSchema, offer: joinOfferSchema.optional() })
  .strict();
export type JoinRequest = z.infer<typeof joinRequestSchema>;

/** What one peer sends another: a description or a trickled candidate (null ends gathering). */
/**
 * Which peer connection between the two peers a message belongs to. A new
 * session replaces the old one make-before-break (e.g. relay-only switched
 * mid-call, which Chromium will not apply to a running connection).
 */
export const sessionSchema = z.number().int().min(0).max(1_000_000).optional();

/** A MediaStream id as WebRTC announces it in the SDP (msid): Chromium uses a UUID; the spec caps it at 64 characters. */
export const streamIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'A stream id is printable ASCII without spaces');

/**
 * What one person's media looks like to the others: microphone muted, camera
 * off, and the id of the stream carrying their screen share (null when not
 * sharing), so the receiver can tell that stream's track from the camera's.
 */
export const mediaStateSchema = z
  .object({ muted: z.boolean(), cameraOff: z.boolean(), screen: streamIdSchema.nullable() })
  .strict();
export type MediaState = z.infer<typeof mediaStateSchema>;

// Candidates first: most of what is relayed is candidates, and a union stops at the first option that fits.
export const signalDataSchema = z.union([
  z.object({ candidate: iceCandidateSchema.nullable(), session: sessionSchema }).strict(),
  z.object({ description: sessionDescriptionSchema, session: sessionSchema }).strict(),
  // About the person, not one connection: sent when a link is made and whenever it changes.
  z.object({ media: mediaStateSchema, session: sessionSchema }).strict(),
  // A mesh moving onto Janus (renderer/src/call/sfu/mesh-move.ts): "your video reaches me through
  // Janus now", so the mesh link between us may close without a gap on this side.
  z.object({ sfuSees: z.literal(true) }).strict(),
]);
export type SignalData = z.infer<typeof signalDataSchema>;
/** About the move to Janus, not any connection. */
export type MoveData = Extract<SignalData, { sfuSees: true }>;
/** The messages that belong to one peer connection's negotiation (everything but media state and the move). */
export type NegotiationData = Exclude<SignalData, { media: MediaState } | MoveData>;

export const outgoingSignalSchema = z.object({ to: peerIdSchema, data: signalDataSchema }).strict();
export type OutgoingSignal = z.infer<typeof outgoingSignalSchema>;

export const incomingSignalSchema = z.object({ from: peerIdSchema, data: signalDataSchema });
export type IncomingSignal = z.infer<typeof incomingSignalSchema>;

export const errorCodeSchema = z.enum([
  'invalid',
  'room-full',
  'not-in-room',
  'unknown-peer',
  'rate-limited',
  'unknown-event',
  'unavailable',
  'auth-required',
  'auth-invalid',
  'auth-expired',
  'auth-wrong-room',
  'auth-old-format',
]);
export type SignalingErrorCode = z.infer<typeof errorCodeSchema>;

export const signalingErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type SignalingError = z.infer<typeof signalingErrorSchema>;
export type { JanusAdmission };

export type Ack<T> = { ok: true; value: T } | { ok: false; error: SignalingError };

export function ackSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: signalingErrorSchema }),
  ]);
}

/** A secret the server binds to one socket id: presented with `previousId` after a reconnect, it proves who we were. */
export const resumeSecretSchema = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

/** A room's media: a mesh of up to MAX_ROOM_SIZE people, or through Janus (server/janus-rooms.ts) beyond that. */
export const callModeSchema = z.enum(['mesh', 'sfu']);
export type CallMode = z.infer<typeof callModeSchema>;

export const joinResultSchema = z.object({
  id: peerIdSchema,
  room: z.string(),
  peers: z.array(peerInfoSchema),
  /** Send this back as `resume` with `previousId` after a reconnect that lost the session (older servers omit it). */
  resume: resumeSecretSchema.optional(),
  /** Who was given the offer the join carried (absent: nobody; older servers never relay one). */
  offeredTo: peerIdSchema.optional(),
  /** How the room's media flows: a mesh of peer connections, or through the SFU (absent: mesh, older servers). */
  mode: callModeSchema.optional(),
  /** With mode 'sfu': where Janus is, the room, and our tokens for it. */
  janus: janusAdmissionSchema.optional(),
});
export type JoinResult = z.infer<typeof joinResultSchema>;

/** A fresh admission to the room's VideoRoom, asked for before the last one's tokens expire. */
export const admissionAckSchema = ackSchema(janusAdmissionSchema);
export const joinAckSchema = ackSchema(joinResultSchema);
export const leaveAckSchema = ackSchema(z.null());

export const peerLeftSchema = z.object({ id: peerIdSchema });

/**
 * A running mesh grew past the operator's mesh size and the newcomer went onto Janus: each person
 * in the mesh asks for its admission (`admission`) and moves make-before-break. `size`: the room's
 * people, the newcomer included.
 */
export const roomMovedSchema = z.object({ size: z.number().int().positive() });
export type RoomMoved = z.infer<typeof roomMovedSchema>;

/** A signal sent without an ack that the server could not deliver, and why. */
export const signalRefusedSchema = z.object({ to: peerIdSchema, error: signalingErrorSchema });
export type SignalRefused = z.infer<typeof signalRefusedSchema>;

/** Events the client emits; the last argument is the ack callback. */
export interface ClientToServerEvents {
  join: (request: unknown, ack: (result: Ack<JoinResult>) => void) => void;
  leave: (ack: (result: Ack<null>) => void) => void;
  /**
   * In a room on the SFU: fresh Janus tokens (the last ones expire at their `expiresAt`). From a
   * person still in the mesh of a room that moved to the SFU (`room-moved`): their first ones.
   */
  admission: (ack: (result: Ack<JanusAdmission>) => void) => void;
  /** Without an ack the relay is fire-and-forget: a refusal comes back as `signal-refused`. */
  signal: (signal: unknown, ack?: (result: Ack<null>) => void) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'peer-joined': (peer: PeerInfo) => void;
  'peer-left': (peer: { id: string }) => void;
  'room-moved': (moved: RoomMoved) => void;
  signal: (signal: IncomingSignal) => void;
  'signal-refused': (refusal: SignalRefused) => void;
}

/** One place for the words a person sees when the server refuses something. */
export const SIGNALING_MESSAGES: Record<SignalingErrorCode, string> = {
  invalid: 'The signaling server rejected a malformed message.',
  'room-full': `This room is full: calls on this signaling server hold at most ${MAX_ROOM_SIZE} people, because it has no group-call server (Janus) configured for more. Pick another room name or ask someone to leave; for larger calls the server's operator sets JANUS_URL, JANUS_TOKEN_SECRET, JANUS_ADMIN_KEY and JANUS_MESH_MAX=0 (README, "Group calls on Janus").`,
  'not-in-room': 'You are not in a room: join one first.',
  'unknown-peer': 'That person is no longer in the room.',
  'rate-limited': 'Too many messages too fast; the server is slowing this connection down.',
  'unknown-event':
    'The signaling server does not know that message type: this app and the server may be different versions.',
  unavailable:
    'The signaling server could not reach the other server processes (one may have just stopped). Try again in a few seconds.',
  'auth-required':
    'This signaling server only admits people with an invite. Paste the invite you were sent (or open its link), then join again.',
  'auth-invalid':
    'The invite was not made by this signaling server, or it was changed on the way. Ask the person who invited you for a new invite link.',
  'auth-expired': 'The invite has expired. Ask whoever invited you for a fresh one.',
  'auth-wrong-room': 'The invite is for a different room. Join the room it names, or ask for an invite to this room.',
  'auth-old-format':
    'This invite uses an old format that this version of Traverse no longer accepts; ask for a new invite link.',
};

/**
 * What the client sends in the socket.io handshake (`auth`). socket.io adds
 * `pid`/`offset` itself when it tries to recover a dropped session.
 */
export const handshakeAuthSchema = z.object({
  /** The invite (see shared/invite.ts); required when the server has AUTH_SECRET. */
  token: z.string().max(1024).optional(),
  /**
   * Our id before an unrecovered reconnect, so the room can forget the old one at
   * once; it counts only with `resume`, the secret the server gave that id at join.
   */
  previousId: peerIdSchema.optional(),
  resume: resumeSecretSchema.optional(),
});

/** How a server admits people: open rooms, or only with an invite. */
export const authModeSchema = z.enum(['open', 'invite']);
export type AuthMode = z.infer<typeof authModeSchema>;

/** GET /healthz: liveness plus what a client needs to know before joining. */
export const healthSchema = z.object({
  ok: z.boolean(),
  auth: authModeSchema,
  uptimeSeconds: z.number(),
  clients: z.number(),
});
export type Health = z.infer<typeof healthSchema>;
