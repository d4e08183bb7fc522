/**
 * One person's media from the Janus VideoRoom: a subscriber handle for their feed and a
 * receive-only RTCPeerConnection (the call's ICE configuration, like the publisher's). Janus
 * makes the offer; we answer and start. The tracks arrive as one MediaStream, the tile's.
 */
import {
  VIDEOROOM_PLUGIN,
  videoRoomAttachedSchema,
  videoRoomSubstreamSchema,
  type JanusAdmission,
} from '../../../../shared/janus';
import type { Layer } from '../../../../shared/sfu-layers';
import type { JanusSession } from '../../../../shared/janus-session';
import { trickleBetween, type CandidateWatch } from './janus-ice';

export interface SfuSubscriber {
  readonly feedId: number;
  readonly pc: RTCPeerConnection;
  /** Their audio and video as Janus forwards them. */
  readonly stream: MediaStream;
  /** Chooses the simulcast layer Janus forwards (0 lowest … 2 highest). */
  chooseLayer(substream: Layer): Promise<void>;
  /** The layer Janus last said it forwards (null: not said yet). */
  readonly layer: Layer | null;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  admission: JanusAdmission;
  feedId: number;
  rtc: RTCConfiguration;
  onProblem?: (problem: string) => void;
  onConnection?: (pc: RTCPeerConnection) => void;
  onCandidate?: CandidateWatch;
}

export async function subscribe(session: JanusSession, options: SubscribeOptions): Promise<SfuSubscriber> {
  const { admission, feedId, rtc } = options;
  const onProblem = options.onProblem ?? (() => undefined);
  const handle = await session.attach(VIDEOROOM_PLUGIN);
  let layer: Layer | null = null;
  const offLayer = handle.onEvent((event) => {
    const news = event.janus === 'event' ? videoRoomSubstreamSchema.safeParse(event.plugindata.data) : null;
    if (news?.success) layer = news.data.substream;
  });
  const joinBody = {
    request: 'join',
    ptype: 'subscriber',
    room: admission.room,
    streams: [{ feed: feedId }],
    token: admission.roomToken,
  };
  const attached = await handle.send(joinBody);
  videoRoomAttachedSchema.parse(attached.data);
  if (!attached.jsep || attached.jsep.type !== 'offer') throw new Error('Janus attached us without an SDP offer');
  const pc = new RTCPeerConnection(rtc);
  options.onConnection?.(pc);
  const stream = new MediaStream();
  pc.addEventListener('track', (e) => stream.addTrack(e.track));
  const stopIce = trickleBetween(pc, handle, onProblem, options.onCandidate);
  try {
    await pc.setRemoteDescription(attached.jsep);
    await pc.setLocalDescription(await pc.createAnswer());
    const local = pc.localDescription;
    if (!local) throw new Error('no local description after createAnswer');
    await handle.send({ request: 'start' }, { type: 'answer', sdp: local.sdp });
  } catch (error) {
    // Left (or Janus went away) while subscribing: nothing of it stays open.
    offLayer();
    stopIce();
    pc.close();
    await handle.detach().catch(() => undefined);
    throw error;
  }
  return {
    feedId,
    pc,
    stream,
    get layer() {
      return layer;
    },
    async chooseLayer(substream) {
      await handle.send({ request: 'configure', streams: [{ mid: videoMid(pc), substream }] });
    },
    async close() {
      offLayer();
      stopIce();
      pc.close();
      await handle.detach().catch(() => undefined);
    },
  };
}

/** The m-line id of the video Janus forwards (one per subscriber handle here). */
function videoMid(pc: RTCPeerConnection): string | undefined {
  return pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.mid ?? undefined;
}
