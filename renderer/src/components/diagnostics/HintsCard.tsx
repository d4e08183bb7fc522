/**
 * The quality grade and the hints: what we see, the likely cause, the fix. RTT and loss are over
 * the recent window (shared/stats-window.ts), and say how far back they reach; the grade uses them.
 */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { hintsFor, type HintSettings } from '../../../../shared/report';
import { linkQuality, SFU_UPLINK_ID } from '../../../../shared/sfu-hops';
import { receivedVideoWords, sentVideoWords } from '../../../../shared/stats-streams';
import type { Recent } from '../../../../shared/stats-window';
import { kbps, ms, pct } from './format';
import { useLinkStreams } from './use-link-streams';

/** "last 30 s": how far back the window reaches (at least the one second a first report covers). */
const lastSeconds = (r: Recent) => `last ${Math.max(1, Math.round(r.spanMs / 1000))} s`;

/** What the RTT and loss figures are made of, in words. */
function recentWords(r: Recent): string {
  const count = (n: number, one: string) => (n === 1 ? `1 ${one}` : `${n} ${one}s`);
  const checks = count(r.checks, 'connectivity check');
  const made =
    r.reports === 0
      ? checks
      : `${count(r.checks + r.reports, 'round trip')} (${checks}, ${count(r.reports, 'RTCP report')})`;
  const rtt = r.rttMs === null ? 'RTT: no round trip measured yet' : `RTT: the median of ${made}`;
  const loss =
    r.lossOf === 'audio'
      ? `loss: of ${r.packets} audio packets (audio is never resent, so this is what the network dropped)`
      : r.lossOf === 'video'
        ? `loss: of ${r.packets} video packets, after retransmissions repaired what they could`
        : 'loss: no packets received yet';
  return `${rtt}; ${loss}. Jitter and bitrates: now.`;
}

export function HintsCard({ d, settings }: { d: PeerDiagnostics; settings: HintSettings }) {
  const q = linkQuality(d);
  const list = hintsFor(d, settings);
  const s = d.latest;
  const recent = s?.recent;
  // Per stream: with a share there are two pictures, and one size with their summed frame rate would be neither.
  const rows = useLinkStreams(d);
  // Our upload to Janus receives no video: its figure is what we send, layer by layer.
  const uplink = d.peerId === SFU_UPLINK_ID;
  const video = uplink ? sentVideoWords(rows) : receivedVideoWords(rows);
  return (
    <section className="diag-card" aria-label="Quality">
      <h3>
        Quality{' '}
        <span className={`grade grade-${q.grade}`} data-grade={q.grade}>
          {q.grade}
        </span>
        {q.reasons.length > 0 && <span className="muted small"> ({q.reasons.join(', ')})</span>}
      </h3>
      <dl className="metrics">
        <div>
          <dt>RTT{recent ? `, ${lastSeconds(recent)}` : ''}</dt>
          <dd data-testid="metric-rtt">{ms(recent?.rttMs)}</dd>
        </div>
        <div>
          <dt>Jitter</dt>
          <dd>{ms(s?.jitterMs)}</dd>
        </div>
        <div>
          <dt>Loss{recent ? `, ${lastSeconds(recent)}` : ''}</dt>
          <dd data-testid="metric-loss" data-since={recent?.samples[0]?.at}>
            {pct(recent?.lossPct)}
            {recent?.lossOf === 'video' ? ' of video' : ''}
          </dd>
        </div>
        <div>
          <dt>In</dt>
          <dd>{kbps(s?.inKbps)}</dd>
        </div>
        <div>
          <dt>Out</dt>
          <dd>{kbps(s?.outKbps)}</dd>
        </div>
        <div>
          <dt>Available out</dt>
          <dd>{kbps(s?.availableOutKbps)}</dd>
        </div>
        <div>
          <dt>{uplink ? 'Video sent' : 'Video'}</dt>
          <dd>{video}</dd>
        </div>
      </dl>
      {recent && <p className="muted small">{recentWords(recent)}</p>}
      {list.length > 0 && (
        <ul className="hints" aria-label="Hints">
          {list.map((h) => (
            <li key={h.symptom}>
              <strong>{h.symptom}.</strong> Likely cause: {h.cause}. Fix: {h.fix}.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
