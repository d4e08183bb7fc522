/**
 * The video streams of one link as people name them: "Ben's camera", "Ben's
 * screen", "Your camera", "Your screen", each with its own size, frame rate
 * and bitrate. The stats only know track ids; which track is whose camera or
 * screen is known by the call (the tracks its tiles show, our camera's track,
 * whether we share), so the caller passes that in. A stream the call does not
 * show or send any more (a stopped share, whose stats Chromium keeps
 * reporting) is nobody's: it is not listed.
 */
import type { PeerDiagnostics } from './diagnostics';
import type { ConnectionSnapshot } from './stats';
import type { OutboundVideo } from './stats-outbound';

/** A simulcast encoding's row names its layer (our upload to Janus sends three). */
const LAYER_OF_RID: Record<string, string> = { h: ' (high layer)', m: ' (medium layer)', l: ' (low layer)' };

const RID_ORDER = ['h', 'm', 'l'];

export interface KnownTracks {
  /** The ids of the tracks from this link that the call shows: the person's camera and their screen share. */
  received: { camera: string | null; screen: string | null };
  /** Our camera's video track: what every link sends as our camera. */
  sentCamera: string | null;
  /** We share our screen now. The links send one video track beside the camera, and only while sharing: the share. */
  sharing: boolean;
  /** Their camera, or ours, is off: its stream keeps running (black frames), and its row says so. */
  theirCameraOff: boolean;
  ourCameraOff: boolean;
}

export interface StreamRow {
  /** Unique within a link (the stats record of the stream). */
  key: string;
  direction: 'received' | 'sent';
  source: 'camera' | 'screen';
  name: string;
  cameraOff: boolean;
  /** Frames decoded (received) or sent so far. */
  frames: number;
  frameWidth: number | null;
  frameHeight: number | null;
  fps: number | null;
  kbps: number | null;
  /** Sent streams: what holds the encoder back ('bandwidth', 'cpu', 'other'); null for nothing. */
  limitedBy: string | null;
}

export function streamRows(snapshot: ConnectionSnapshot | null, peerName: string, known: KnownTracks): StreamRow[] {
  if (!snapshot) return [];
  const rows: StreamRow[] = [];
  const received = (source: 'camera' | 'screen', trackId: string | null) => {
    const video = trackId === null ? undefined : snapshot.videoTracks.find((t) => t.trackId === trackId);
    if (!video) return;
    const cameraOff = source === 'camera' && known.theirCameraOff;
    const { frameWidth, frameHeight, fps, kbps } = video;
    const name = `${peerName}'s ${source}`;
    rows.push({
      key: `in:${video.trackId}`,
      direction: 'received',
      source,
      name,
      cameraOff,
      frames: video.framesDecoded,
      frameWidth,
      frameHeight,
      fps,
      kbps,
      limitedBy: null,
    });
  };
  received('camera', known.received.camera);
  received('screen', known.received.screen);
  // Simulcast layers high to low, whatever order the stats list them in.
  const rank = (v: OutboundVideo) => RID_ORDER.indexOf(v.rid ?? '');
  const sending = snapshot.sentVideo.filter((v) => v.trackId !== null).sort((a, b) => rank(a) - rank(b));
  const sourceOf = sentSource(sending, known);
  for (const source of ['camera', 'screen'] as const) {
    for (const video of sending.filter((v) => sourceOf(v) === source)) {
      const { frameWidth, frameHeight, fps, kbps, limitedBy } = video;
      const cameraOff = source === 'camera' && known.ourCameraOff;
      rows.push({
        key: `out:${video.id}`,
        direction: 'sent',
        source,
        name: `Your ${source}${LAYER_OF_RID[video.rid ?? ''] ?? ''}`,
        cameraOff,
        frames: video.framesSent,
        frameWidth,
        frameHeight,
        fps,
        kbps,
        limitedBy,
      });
    }
  }
  return rows;
}

/**
 * Which of ours a sent video is (null: none of ours now). The links send our camera and, only while
 * we share, the share. The camera is the track our self-view plays; if that track is not among the
 * senders (the view was handed another capture), every sender is the camera while we do not share,
 * and while we do, the share is the one Chromium marks as screen content.
 */
function sentSource(sending: readonly OutboundVideo[], known: KnownTracks) {
  const cameraSeen = known.sentCamera !== null && sending.some((v) => v.trackId === known.sentCamera);
  return (v: OutboundVideo): 'camera' | 'screen' | null => {
    if (cameraSeen) return v.trackId === known.sentCamera ? 'camera' : known.sharing ? 'screen' : null;
    if (!known.sharing) return 'camera';
    return v.screenContent ? 'screen' : 'camera';
  };
}

/** The streams of a link now; none once the person left (their last stats describe nothing that flows). */
export function linkStreams(d: Pick<PeerDiagnostics, 'latest' | 'name' | 'state'>, known: KnownTracks): StreamRow[] {
  return d.state === 'closed' ? [] : streamRows(d.latest, d.name, known);
}

export interface StreamWords {
  resolution: string;
  frameRate: string;
  bitrate: string;
}

const UNKNOWN = '–';

/** The row's figures in words with units; a figure not known yet is a dash, never a guess. */
export function streamWords(row: StreamRow): StreamWords {
  const { frameWidth: w, frameHeight: h, fps, kbps } = row;
  return {
    resolution: w && h ? `${w}×${h}` : row.frames === 0 ? 'no frame yet' : UNKNOWN,
    frameRate: fps === null ? UNKNOWN : `${Math.round(fps)} fps`,
    bitrate:
      kbps === null ? UNKNOWN : kbps >= 1000 ? `${(kbps / 1000).toFixed(2)} Mbit/s` : `${Math.round(kbps)} kbit/s`,
  };
}

/** What the row's name leaves out: a camera that is off, an encoder held back. */
export function streamNote(row: StreamRow): string | null {
  const notes = [
    row.cameraOff ? 'camera off' : null,
    row.limitedBy ? `limited by ${row.limitedBy === 'cpu' ? 'CPU' : row.limitedBy}` : null,
  ].filter((n): n is string => n !== null);
  return notes.length ? notes.join(', ') : null;
}

/** The one "Video" figure of the Quality card: the received stream's own size and rate, or how many there are. */
export function receivedVideoWords(rows: readonly StreamRow[]): string {
  const received = rows.filter((r) => r.direction === 'received');
  const only = received[0];
  if (received.length > 1) return `${received.length} streams: see Streams`;
  if (!only) return UNKNOWN;
  const { resolution, frameRate } = streamWords(only);
  return frameRate === UNKNOWN ? resolution : `${resolution} @ ${frameRate}`;
}

/** Our upload to Janus's "Video" figure: the highest layer we send now, and how many of the layers go. */
export function sentVideoWords(rows: readonly StreamRow[]): string {
  const camera = rows.filter((r) => r.direction === 'sent' && r.source === 'camera');
  if (camera.length === 0) return UNKNOWN;
  // Rows go high to low (streamRows), so the first one sending is the highest layer that goes.
  const sending = camera.filter((r) => (r.fps ?? 0) > 0);
  const top = sending[0];
  if (!top) return 'none sent now';
  const { resolution, frameRate } = streamWords(top);
  return `${resolution} @ ${frameRate} (${sending.length} of ${camera.length} layers)`;
}
