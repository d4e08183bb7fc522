/**
 * Reduces an RTCStatsReport (as plain records) to what people look at: the
 * candidates gathered, the path a call takes, and how media is flowing. Pure,
 * so it is tested on reports recorded from real Chromium calls. Rates need two
 * reports; pass the previous snapshot to get them.
 */

import { outboundVideo, type OutboundVideo } from './stats-outbound';
import { inboundVideo, type InboundVideo } from './stats-tracks';
import { recentFigures, recentSample, type Recent } from './stats-window';

/** One entry of an RTCStatsReport, as `[...report.values()]` gives it. */
export type StatsRecord = { id: string; type: string; timestamp?: number } & Record<string, unknown>;

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface CandidateInfo {
  id: string;
  type: CandidateType | 'unknown';
  protocol: string;
  address: string;
  port: number | null;
  /** For local relay candidates: how we reach the TURN server (udp, tcp, tls). */
  relayProtocol: string | null;
  /** For local srflx/relay candidates: the STUN/TURN server that gave it. */
  url: string | null;
}

export interface SelectedPath {
  pairId: string;
  local: CandidateInfo;
  remote: CandidateInfo;
  // Whether it is relayed is decided in one place, pathRelayed() in shared/diagnostics.ts: the
  // candidate types alone miss a relay Chromium reports as prflx.
  rttMs: number | null;
}

export interface Counters {
  at: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsLost: number;
}

export interface ConnectionSnapshot {
  at: number;
  iceState: string | null;
  dtlsState: string | null;
  localCandidates: CandidateInfo[];
  remoteCandidates: CandidateInfo[];
  path: SelectedPath | null;
  /** The selected pair's last connectivity check, ms (the graph's point); `recent.rttMs` is the figure to show. */
  rttMs: number | null;
  /** Interarrival jitter of the inbound audio (of video when no audio arrives), ms. */
  jitterMs: number | null;
  /** Inbound packet loss over the last interval, percent (the graph's point); `recent.lossPct` is the figure to show. */
  lossPct: number | null;
  /** Round trip and loss over the last seconds (shared/stats-window.ts): what the panel shows and grades. */
  recent: Recent;
  inKbps: number | null;
  outKbps: number | null;
  availableOutKbps: number | null;
  video: { framesDecoded: number; frameWidth: number | null; frameHeight: number | null; fps: number | null };
  audio: { packetsReceived: number };
  /** Inbound video per received track (camera and screen share apart); `video` above sums them. */
  videoTracks: InboundVideo[];
  /** Outbound video per sender (our camera and our share apart), with the track each sends. */
  sentVideo: OutboundVideo[];
  counters: Counters;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function candidate(record: StatsRecord): CandidateInfo {
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
  const localRecord = byId.get(str(pair.localCandidateId) ?? '');
  const remoteRecord = byId.get(str(pair.remoteCandidateId) ?? '');
  if (!localRecord || !remoteRecord) return null;
  const local = candidate(localRecord);
  const remote = candidate(remoteRecord);
  const rtt = num(pair.currentRoundTripTime);
  return {
    pairId: pair.id,
    local,
    remote,
    rttMs: rtt === null ? null : rtt * 1000,
  };
}

const perSecond = (delta: number, ms: number) => (ms > 0 ? (delta * 1000) / ms : null);

/** Bytes received so far on the connection (the transport's count, else the selected pair's). */
export function bytesReceived(records: readonly StatsRecord[]): number {
  const own = num(records.find((r) => r.type === 'transport')?.bytesReceived);
  if (own !== null) return own;
  const path = selectedPath(records);
  return num(records.find((r) => r.id === path?.pairId)?.bytesReceived) ?? 0;
}

export function snapshot(records: readonly StatsRecord[], previous?: ConnectionSnapshot | null): ConnectionSnapshot {
  const path = selectedPath(records);
  const transport = records.find((r) => r.type === 'transport');
  const pair = path ? records.find((r) => r.id === path.pairId) : undefined;
  const at = Math.max(0, ...records.map((r) => num(r.timestamp) ?? 0));
  const s: ConnectionSnapshot = {
    at,
    iceState: str(transport?.iceState),
    dtlsState: str(transport?.dtlsState),
    localCandidates: records.filter((r) => r.type === 'local-candidate').map(candidate),
    remoteCandidates: records.filter((r) => r.type === 'remote-candidate').map(candidate),
    path,
    rttMs: path?.rttMs ?? null,
    jitterMs: null,
    lossPct: null,
    inKbps: null,
    outKbps: null,
    availableOutKbps: null,
    video: { framesDecoded: 0, frameWidth: null, frameHeight: null, fps: null },
    audio: { packetsReceived: 0 },
    recent: recentFigures(previous?.recent.samples ?? [], recentSample(records, at, path?.pairId ?? null)),
    videoTracks: inboundVideo(records, previous?.videoTracks),
    sentVideo: outboundVideo(records, previous?.sentVideo),
    counters: {
      at,
      bytesIn: bytesReceived(records),
      bytesOut: num(transport?.bytesSent) ?? num(pair?.bytesSent) ?? 0,
      packetsIn: 0,
      packetsLost: 0,
    },
  };
  const available = num(pair?.availableOutgoingBitrate);
  s.availableOutKbps = available === null ? null : available / 1000;
  let videoJitterMs: number | null = null;
  for (const r of records) {
    if (r.type !== 'inbound-rtp') continue;
    s.counters.packetsIn += num(r.packetsReceived) ?? 0;
    s.counters.packetsLost += Math.max(0, num(r.packetsLost) ?? 0);
    // The link's jitter is audio's: video's also counts the pacer spreading each frame's packets.
    const jitter = num(r.jitter);
    if (jitter !== null && r.kind === 'audio') s.jitterMs = Math.max(s.jitterMs ?? 0, jitter * 1000);
    if (jitter !== null && r.kind !== 'audio') videoJitterMs = Math.max(videoJitterMs ?? 0, jitter * 1000);
    if (r.kind === 'video') {
      s.video.framesDecoded += num(r.framesDecoded) ?? 0;
      s.video.frameWidth = num(r.frameWidth) ?? s.video.frameWidth;
      s.video.frameHeight = num(r.frameHeight) ?? s.video.frameHeight;
      s.video.fps = num(r.framesPerSecond) ?? s.video.fps;
    } else if (r.kind === 'audio') {
      s.audio.packetsReceived += num(r.packetsReceived) ?? 0;
    }
  }
  s.jitterMs ??= videoJitterMs;
  if (previous) {
    const ms = s.counters.at - previous.counters.at;
    const kbps = (bytes: number) => {
      const rate = perSecond(bytes, ms);
      return rate === null ? null : (Math.max(0, rate) * 8) / 1000;
    };
    s.inKbps = kbps(s.counters.bytesIn - previous.counters.bytesIn);
    s.outKbps = kbps(s.counters.bytesOut - previous.counters.bytesOut);
    const received = s.counters.packetsIn - previous.counters.packetsIn;
    const lost = s.counters.packetsLost - previous.counters.packetsLost;
    s.lossPct = received + lost > 0 ? (100 * Math.max(0, lost)) / (received + lost) : ms > 0 ? 0 : null;
    // Chromium keeps reporting the last framesPerSecond after frames stop coming, so a frozen
    // picture would still say "20 fps": count the frames decoded since the last report instead.
    const decoded = s.video.framesDecoded - previous.video.framesDecoded;
    const fps = perSecond(decoded, ms);
    if (fps !== null && decoded >= 0) s.video.fps = fps; // fewer than before: a new connection, counters restarted
  }
  return s;
}

/** Counts candidates by type, and by the ICE server that produced them (srflx/relay). */
export function candidateCounts(candidates: readonly { type: string; url: string | null }[]): {
  byType: Record<string, number>;
  byServer: Record<string, number>;
} {
  const byType: Record<string, number> = { host: 0, srflx: 0, prflx: 0, relay: 0 };
  const byServer: Record<string, number> = {};
  for (const c of candidates) {
    byType[c.type] = (byType[c.type] ?? 0) + 1;
    if (c.url) byServer[c.url] = (byServer[c.url] ?? 0) + 1;
  }
  return { byType, byServer };
}

/** "relay (udp via turn:x:3478)" — how a candidate reaches the other side, in words. */
export function describeCandidate(c: CandidateInfo): string {
  const where = `${c.address}${c.port === null ? '' : `:${c.port}`}`;
  if (c.type === 'relay')
    return `relay ${c.protocol} ${where}${c.relayProtocol ? ` (to TURN over ${c.relayProtocol}${c.url ? `, ${c.url}` : ''})` : ''}`;
  if (c.type === 'srflx') return `srflx ${c.protocol} ${where}${c.url ? ` (from ${c.url})` : ''}`;
  return `${c.type} ${c.protocol} ${where}`;
}
