/**
 * Our media into a Janus VideoRoom: one publisher handle and one send-only RTCPeerConnection
 * (with the call's ICE configuration, so Relay only reaches Janus through TURN), video sent as
 * three simulcast layers the subscribers choose from. The VideoRoom tells the publisher handle
 * who else publishes; `onPublishers` passes that on, parsed (shared/janus.ts).
 */
import {
  VIDEOROOM_PLUGIN,
  videoRoomNewsSchema,
  type JanusAdmission,
  type VideoRoomNews,
  type VideoRoomPublisher,
} from '../../../../shared/janus';
import type { JanusSession } from '../../../../shared/janus-session';
import { trickleBetween, type CandidateWatch } from './janus-ice';

/**
 * Three layers, full size down to a quarter: a small tile takes the lowest, the large tile the
 * highest. Highest first: Janus reads the rids of `a=simulcast` in h, m, l order, so its substream
 * 2 is the first encoding (in l, m, h order its "highest" was the quarter-size one).
 */
export const SIMULCAST_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_500_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
];

export interface PublisherChange {
  /** Publishers that started (with what they publish). */
  started: VideoRoomPublisher[];
  /** Feed ids that stopped publishing or left. */
  stopped: number[];
}

export interface SfuPublisher {
  /** Our feed id in the room. */
  readonly feedId: number;
  readonly pc: RTCPeerConnection;
  /** Another camera or microphone on the same sender (its simulcast layers stay): no renegotiation. */
  replaceTrack(old: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean>;
  /** Leaves the room and closes the connection. */
  close(): Promise<void>;
}

export interface PublishOptions {
  admission: JanusAdmission;
  /** Shown to the others (our Traverse id, so the call knows whose feed it is). */
  display: string;
  stream: MediaStream;
  rtc: RTCConfiguration;
  simulcast?: boolean;
  /**
   * Who publishes in the room: first everyone there when we joined, then each change. Given up
   * front, so a change the room announces while we are still joining or publishing is not lost.
   */
  onPublishers: (change: PublisherChange) => void;
  onProblem?: (problem: string) => void;
  /** Told of the connection as soon as it exists (before its offer), and of each candidate either way. */
  onConnection?: (pc: RTCPeerConnection) => void;
  onCandidate?: CandidateWatch;
}

function changeOf(news: VideoRoomNews, feedId: number | null): PublisherChange {
  const gone = [news.unpublished, news.leaving].filter((id): id is number => typeof id === 'number');
  return { started: (news.publishers ?? []).filter((p) => p.id !== feedId), stopped: gone };
}

function addTracks(pc: RTCPeerConnection, stream: MediaStream, simulcast: boolean) {
  for (const track of stream.getTracks())
    pc.addTransceiver(track, {
      direction: 'sendonly',
      streams: [stream],
      ...(track.kind === 'video' && simulcast ? { sendEncodings: SIMULCAST_LAYERS.map((l) => ({ ...l })) } : {}),
    });
}

export async function publish(session: JanusSession, options: PublishOptions): Promise<SfuPublisher> {
  const { admission, display, stream, rtc, simulcast = true } = options;
  const onProblem = options.onProblem ?? (() => undefined);
  const handle = await session.attach(VIDEOROOM_PLUGIN);
  // Listening before the join: the room may announce a publisher before our join is answered.
  let feedId: number | null = null;
  const offEvents = handle.onEvent((event) => {
    if (event.janus !== 'event') return;
    const news = videoRoomNewsSchema.safeParse(event.plugindata.data);
    if (!news.success) return onProblem('the VideoRoom sent an event Traverse does not understand');
    const change = changeOf(news.data, feedId);
    if (change.started.length > 0 || change.stopped.length > 0) options.onPublishers(change);
  });
  const joinBody = { request: 'join', ptype: 'publisher', room: admission.room, display, token: admission.roomToken };
  const joined = videoRoomNewsSchema.parse((await handle.send(joinBody)).data);
  if (joined.videoroom !== 'joined' || joined.id === undefined) throw new Error('Janus did not say which feed is ours');
  const ours = joined.id;
  feedId = ours;
  options.onPublishers(changeOf(joined, ours));
  const pc = new RTCPeerConnection(rtc);
  options.onConnection?.(pc);
  const stopIce = trickleBetween(pc, handle, onProblem, options.onCandidate);
  addTracks(pc, stream, simulcast);
  try {
    await pc.setLocalDescription(await pc.createOffer());
    const local = pc.localDescription;
    if (!local) throw new Error('no local description after createOffer');
    const answer = await handle.send({ request: 'publish' }, { type: 'offer', sdp: askOpusDtx(local.sdp) });
    if (!answer.jsep || answer.jsep.type !== 'answer') throw new Error('Janus answered publish without an SDP answer');
    await pc.setRemoteDescription(answer.jsep);
  } catch (error) {
    offEvents();
    stopIce();
    pc.close();
    await handle.detach().catch(() => undefined);
    throw error;
  }
  return {
    feedId: ours,
    pc,
    async replaceTrack(old, next) {
      const sender = pc.getSenders().find((s) => s.track === old);
      if (!sender || pc.connectionState === 'closed') return false;
      await sender.replaceTrack(next);
      return true;
    },
    async close() {
      offEvents();
      stopIce();
      pc.close();
      await handle.send({ request: 'leave' }).catch(() => undefined);
      await handle.detach().catch(() => undefined);
    },
  };
}

/**
 * The offer as Janus gets it, asking for Opus DTX (`usedtx=1` on Opus's fmtp): Janus's answer
 * carries it back, which tells our encoder to send silence as rare comfort-noise frames instead of
 * 50 packets a second. Our own local description stays as Chromium made it.
 */
export function askOpusDtx(sdp: string): string {
  const opus = /a=rtpmap:(\d+) opus\/48000/i.exec(sdp)?.[1];
  if (!opus) return sdp;
  return sdp.replace(new RegExp(`^(a=fmtp:${opus} (?:(?!usedtx)[^\r\n])*)$`, 'm'), '$1;usedtx=1');
}
