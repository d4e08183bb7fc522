/**
 * A link's recoveries in words, for the timeline, the report and the
 * after-call summary: the cause, how long it took, the media gap measured from
 * decoded frames, and the path before and after ("host → relay (TURN over TLS 443)").
 */
import { pathRelayed, type RecoveryCause, type RecoveryRecord } from './diagnostics';
import type { ParsedCandidate } from './candidate';
import type { CandidateInfo, SelectedPath } from './stats';

export const causeWords: Record<RecoveryCause, string> = {
  'network-change': 'network change',
  'turn-lost': 'TURN server lost',
  'credentials-expired': 'TURN credentials expired',
  'no-traffic': 'no traffic arriving',
  'connection-lost': 'connection lost',
  'video-stalled': 'video stalled on a working link',
};

/** How we reach a TURN server: "TURN over TLS 443", from the candidate's relay protocol and server URL. */
function turnWords(local: CandidateInfo): string {
  const transport = (local.relayProtocol ?? local.protocol).toUpperCase();
  const port = local.url ? /^turns?:(?:\[[^\]]+\]|[^:?]+):(\d+)/.exec(local.url)?.[1] : undefined;
  const scheme = local.url?.startsWith('turns:') && transport !== 'TLS' ? 'TLS' : transport;
  return `TURN over ${scheme}${port ? ` ${port}` : ''}`;
}

/** The path's kind from this side: "host", "srflx", "relay (TURN over UDP 3478)", "host via their TURN server". */
export function pathKind(path: SelectedPath | null, received: readonly ParsedCandidate[]): string | null {
  if (!path) return null;
  const { local } = path;
  if (local.type === 'relay') return `relay (${turnWords(local)})`;
  return pathRelayed(path, received) ? `${local.type} via their TURN server` : local.type;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** One recovery in one sentence, true to where it stands. */
export function recoverySentence(r: RecoveryRecord): string {
  const head = `${causeWords[r.cause]} (${r.detail})`;
  const gap = r.gapMs === null ? 'media gap not measured (no video arriving)' : `media gap ${ms(r.gapMs)}`;
  const from = r.from ?? 'no path';
  if (r.outcome === 'recovering') return `${head}: still recovering, from ${from}`;
  if (r.outcome === 'failed') return `${head}: not recovered, the path was ${from}`;
  const took = r.endedAt === null ? '' : ` in ${ms(r.endedAt - r.startedAt)}`;
  return `${head}: recovered${took}, ${gap}, ${from} → ${r.to ?? 'no path'}`;
}

/** The recoveries of one call, for the summary: none says nothing. */
export function recoveriesLine(records: readonly RecoveryRecord[]): string | null {
  if (records.length === 0) return null;
  const count = records.length === 1 ? '1 recovery' : `${records.length} recoveries`;
  return `${count}: ${records.map(recoverySentence).join('; ')}`;
}
