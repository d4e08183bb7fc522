/**
 * Reduces an RTCStatsReport (as plain records) to what people look at: the
 * path a call takes and how media is flowing. Pure, so it is tested on
 * reports recorded from real calls.
 */

/** One entry of an RTCStatsReport, as `[...report.values()]` gives it. */
export type StatsRecord = { id: string; type: string; timestamp?: number } & Record<string, unknown>;

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface CandidateInfo {
  id: string;
  type: CandidateType | 'unknown';
  protocol: string;
  address: string;
  port: number | null;
  relayProtocol: string | null;
  url: string | null;
}

export interface SelectedPath {
  local: CandidateInfo;
  remote: CandidateInfo;
  /** True when media goes through a TURN server on our side or theirs. */
  relayed: boolean;
  rttMs: number | null;
}

export interface MediaSummary {
  path: SelectedPath | null;
  video: { framesDecoded: number; bytesReceived: number; frameWidth: number | null; frameHeight: number | null; fps: number | null };
  audio: { packetsReceived: number; bytesReceived: number };
  bytesSent: number;
  timestamp: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function candidate(record: StatsRecord | undefined): CandidateInfo | null {
  if (!record) return null;
  const type = str(record.candidateType);
  return {
    id: record.id,
    type: type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : 'unknown',
    protocol: str(record.protocol) ?? 'unknown',
    address: str(record.address) ?? str(record.ip) ?? '',
    port: num(record.port),
    relayProtocol: str(record.relayProtocol),
    url: str(record.url),
  };
}

/** The candidate pair in use: the transport's selectedCandidatePairId, else the nominated succeeded pair. */
export function selectedPath(records: readonly StatsRecord[]): SelectedPath | null {
  const byId = new Map(records.map((r) => [r.id, r]));
  const transport = records.find((r) => r.type === 'transport' && typeof r.selectedCandidatePairId === 'string');
  let pair = transport ? byId.get(transport.selectedCandidatePairId as string) : undefined;
  pair ??= records.find((r) => r.type === 'candidate-pair' && r.nominated === true && r.state === 'succeeded');
  if (!pair) return null;
  const local = candidate(byId.get(str(pair.localCandidateId) ?? ''));
  const remote = candidate(byId.get(str(pair.remoteCandidateId) ?? ''));
  if (!local || !remote) return null;
  const rtt = num(pair.currentRoundTripTime);
  return { local, remote, relayed: local.type === 'relay' || remote.type === 'relay', rttMs: rtt === null ? null : rtt * 1000 };
}

export function summarize(records: readonly StatsRecord[]): MediaSummary {
  const summary: MediaSummary = {
    path: selectedPath(records),
    video: { framesDecoded: 0, bytesReceived: 0, frameWidth: null, frameHeight: null, fps: null },
    audio: { packetsReceived: 0, bytesReceived: 0 },
    bytesSent: 0,
    timestamp: 0,
  };
  for (const r of records) {
    summary.timestamp = Math.max(summary.timestamp, num(r.timestamp) ?? 0);
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      summary.video.framesDecoded += num(r.framesDecoded) ?? 0;
      summary.video.bytesReceived += num(r.bytesReceived) ?? 0;
      summary.video.frameWidth = num(r.frameWidth) ?? summary.video.frameWidth;
      summary.video.frameHeight = num(r.frameHeight) ?? summary.video.frameHeight;
      summary.video.fps = num(r.framesPerSecond) ?? summary.video.fps;
    } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      summary.audio.packetsReceived += num(r.packetsReceived) ?? 0;
      summary.audio.bytesReceived += num(r.bytesReceived) ?? 0;
    } else if (r.type === 'outbound-rtp') {
      summary.bytesSent += num(r.bytesSent) ?? 0;
    }
  }
  return summary;
}
