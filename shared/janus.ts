/**
 * The part of Janus's documented WebSocket API (janus-protocol) that Traverse uses: the
 * requests we send, and a zod schema for every message Janus sends back, so nothing from
 * Janus is used unparsed. Janus adds fields over versions, so its objects are parsed loosely
 * (unknown keys kept, known keys checked). The VideoRoom plugin's replies are at the end.
 * Checked against Debian's Janus 1.1.2 (tests/integration/janus-rooms.test.ts).
 */
import { z } from 'zod';

/** The WebSocket subprotocol Janus's API speaks (the Admin API is `janus-admin-protocol`). */
export const JANUS_PROTOCOL = 'janus-protocol';
export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

/** Janus's ids are 53-bit-safe positive integers (it chooses them so JavaScript can hold them). */
const janusId = z.number().int().positive();
const transaction = z.string().min(1);

/** Janus API error codes (apierror.h) that we treat specially. */
export const JANUS_ERROR = {
  unauthorized: 403,
  unauthorizedPlugin: 405,
  unknownRequest: 453,
  invalidJson: 454,
  missingElement: 456,
  invalidRequestPath: 457,
  sessionNotFound: 458,
  handleNotFound: 459,
  pluginNotFound: 460,
} as const;

/** VideoRoom plugin error codes (janus_videoroom.c). */
export const VIDEOROOM_ERROR = {
  noSuchRoom: 426,
  roomExists: 427,
  missingElement: 429,
  invalidElement: 430,
  publishersFull: 432,
  unauthorized: 433,
} as const;

const pluginData = z.looseObject({ plugin: z.string(), data: z.record(z.string(), z.unknown()) });
const jsep = z.looseObject({ type: z.enum(['offer', 'answer']), sdp: z.string() });

const success = z.looseObject({
  janus: z.literal('success'),
  transaction,
  session_id: janusId.optional(),
  sender: janusId.optional(),
  /** create and attach: the new session's or handle's id. */
  data: z.looseObject({ id: janusId }).optional(),
  /** A plugin's synchronous answer. */
  plugindata: pluginData.optional(),
});
const error = z.looseObject({
  janus: z.literal('error'),
  /** Missing when Janus could not read the request at all (invalid JSON). */
  transaction: transaction.optional(),
  session_id: janusId.optional(),
  error: z.looseObject({ code: z.number().int(), reason: z.string() }),
});
const ack = z.looseObject({ janus: z.literal('ack'), transaction, session_id: janusId.optional() });
const event = z.looseObject({
  janus: z.literal('event'),
  session_id: janusId,
  sender: janusId,
  /** Set when this event answers an asynchronous plugin request. */
  transaction: transaction.optional(),
  plugindata: pluginData,
  jsep: jsep.optional(),
});
const handleEvent = <T extends string>(name: T) =>
  z.looseObject({ janus: z.literal(name), session_id: janusId, sender: janusId });
const webrtcup = handleEvent('webrtcup');
const hangup = handleEvent('hangup').extend({ reason: z.string().optional() });
const media = handleEvent('media').extend({
  type: z.enum(['audio', 'video']),
  receiving: z.boolean(),
  mid: z.string().optional(),
});
const slowlink = handleEvent('slowlink').extend({
  uplink: z.boolean(),
  lost: z.number().int().nonnegative().optional(),
  media: z.string().optional(),
  mid: z.string().optional(),
});
const detached = handleEvent('detached');
/** One candidate Janus trickles to us. */
export const janusCandidateSchema = z.looseObject({
  candidate: z.string(),
  sdpMid: z.string().optional(),
  sdpMLineIndex: z.number().optional(),
});
/** full_trickle: Janus trickles its own candidates; `completed` ends them. */
const trickle = handleEvent('trickle').extend({
  candidate: z.union([z.looseObject({ completed: z.literal(true) }), janusCandidateSchema]),
});
const timeout = z.looseObject({ janus: z.literal('timeout'), session_id: janusId });
const serverInfo = z.looseObject({
  janus: z.literal('server_info'),
  transaction,
  version_string: z.string(),
  'session-timeout': z.number().int().nonnegative(),
  auth_token: z.boolean(),
  api_secret: z.boolean(),
  plugins: z.record(z.string(), z.unknown()),
});

/** Every message Janus sends on its WebSocket API that we act on. */
export const janusMessageSchema = z.discriminatedUnion('janus', [
  success,
  error,
  ack,
  event,
  webrtcup,
  hangup,
  media,
  slowlink,
  detached,
  trickle,
  timeout,
  serverInfo,
]);
export type JanusMessage = z.infer<typeof janusMessageSchema>;
export type JanusSuccess = z.infer<typeof success>;
export type JanusEvent = z.infer<typeof event>;
export type JanusServerInfo = z.infer<typeof serverInfo>;
/** Events about one handle, pushed by Janus without a request. */
export type JanusHandleEvent = Extract<
  JanusMessage,
  { janus: 'event' | 'webrtcup' | 'hangup' | 'media' | 'slowlink' | 'detached' | 'trickle' }
>;

/** A candidate we trickle to Janus, or the end of them. */
export type JanusTrickleCandidate =
  { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | { completed: true };

/** Credentials a request carries: a signed token (token_auth_secret) and/or the api_secret. */
export interface JanusAuth {
  token?: string;
  apisecret?: string;
}

/** What we send (without `transaction` and credentials, which the client adds). */
export type JanusRequest =
  | { janus: 'info' }
  | { janus: 'create' }
  | { janus: 'destroy'; session_id: number }
  | { janus: 'keepalive'; session_id: number }
  | { janus: 'attach'; session_id: number; plugin: string; opaque_id?: string }
  | { janus: 'detach'; session_id: number; handle_id: number }
  | {
      janus: 'trickle';
      session_id: number;
      handle_id: number;
      candidate: JanusTrickleCandidate;
    }
  | {
      janus: 'message';
      session_id: number;
      handle_id: number;
      body: Record<string, unknown>;
      jsep?: { type: 'offer' | 'answer'; sdp: string };
    };

// ---- VideoRoom plugin data (plugindata.data) ----

/** The plugin's own error answer: `{ videoroom: 'event', error_code, error }`. */
export const videoRoomErrorSchema = z.looseObject({
  videoroom: z.literal('event'),
  error_code: z.number().int(),
  error: z.string(),
});
const roomId = z.number().int().positive();
export const videoRoomCreatedSchema = z.looseObject({ videoroom: z.literal('created'), room: roomId });
export const videoRoomDestroyedSchema = z.looseObject({ videoroom: z.literal('destroyed'), room: roomId });
export const videoRoomExistsSchema = z.looseObject({
  videoroom: z.literal('success'),
  room: roomId,
  exists: z.boolean(),
});
export const videoRoomListSchema = z.looseObject({
  videoroom: z.literal('success'),
  list: z.array(
    z.looseObject({
      room: roomId,
      description: z.string(),
      max_publishers: z.number().int(),
      num_participants: z.number().int().nonnegative(),
    }),
  ),
});
export const videoRoomParticipantsSchema = z.looseObject({
  videoroom: z.literal('participants'),
  room: roomId,
  participants: z.array(
    z.looseObject({
      id: janusId,
      display: z.string().optional(),
      publisher: z.boolean(),
      talking: z.boolean().optional(),
    }),
  ),
});
export const videoRoomJoinedSchema = z.looseObject({
  videoroom: z.literal('joined'),
  room: roomId,
  id: janusId,
  private_id: z.number().int().optional(),
  publishers: z.array(z.looseObject({ id: janusId, display: z.string().optional() })),
});
export type VideoRoomParticipant = z.infer<typeof videoRoomParticipantsSchema>['participants'][number];
export type VideoRoomListEntry = z.infer<typeof videoRoomListSchema>['list'][number];

/**
 * What the signaling server hands an admitted person for a group call on Janus: where Janus is,
 * which VideoRoom, and two signed tokens that expire together. `token` goes on every Janus API
 * request (realm "janus", VideoRoom plugin only; Janus checks it on keepalives too, so ask for a
 * fresh admission before `expiresAt`); `roomToken` goes in the VideoRoom `join` body
 * (realm "janus.plugin.videoroom", this room only).
 */
export const janusAdmissionSchema = z
  .object({
    url: z.url({ protocol: /^wss?$/ }),
    room: z.number().int().positive(),
    token: z.string().min(1),
    roomToken: z.string().min(1),
    /** Milliseconds since the epoch. */
    expiresAt: z.number().int().positive(),
  })
  .strict();
export type JanusAdmission = z.infer<typeof janusAdmissionSchema>;

// ---- VideoRoom media (publish and subscribe, Janus 1.x multistream) ----

const publisherSchema = z.looseObject({
  id: janusId,
  display: z.string().optional(),
  /** The publisher's streams: one per m-line it publishes (absent for one that has not published yet). */
  streams: z
    .array(z.looseObject({ type: z.string(), mid: z.string().optional(), disabled: z.boolean().optional() }))
    .optional(),
});
export type VideoRoomPublisher = z.infer<typeof publisherSchema>;

/**
 * What the VideoRoom pushes to a publisher's handle about the room: who publishes now (on join and
 * whenever someone starts), and who stopped or left. One schema for the `joined` answer and the
 * `event`s after it; fields the plugin did not send are absent.
 */
export const videoRoomNewsSchema = z.looseObject({
  videoroom: z.enum(['joined', 'event']),
  room: roomId.optional(),
  id: janusId.optional(),
  publishers: z.array(publisherSchema).optional(),
  /** A publisher who stopped publishing (or "ok" on our own unpublish). */
  unpublished: z.union([janusId, z.literal('ok')]).optional(),
  /** A participant who left (or "ok" when we left). */
  leaving: z.union([janusId, z.literal('ok')]).optional(),
  /** Our publish or configure was applied. */
  configured: z.literal('ok').optional(),
});
export type VideoRoomNews = z.infer<typeof videoRoomNewsSchema>;

/** A subscriber handle's news that the simulcast layer it forwards changed (0 lowest … 2 highest). */
export const videoRoomSubstreamSchema = z.looseObject({
  videoroom: z.literal('event'),
  mid: z.string().optional(),
  substream: z.union([z.literal(0), z.literal(1), z.literal(2)]),
});

/** A subscriber handle's answer to join: the streams it gets (the offer comes as its jsep). */
export const videoRoomAttachedSchema = z.looseObject({
  videoroom: z.literal('attached'),
  room: roomId,
  streams: z
    .array(
      z.looseObject({
        mid: z.string(),
        type: z.string(),
        feed_id: janusId.optional(),
        feed_display: z.string().optional(),
      }),
    )
    .optional(),
});
export type VideoRoomAttached = z.infer<typeof videoRoomAttachedSchema>;

/** A subscriber's `start` answer. */
export const videoRoomStartedSchema = z.looseObject({ videoroom: z.literal('event'), started: z.literal('ok') });
