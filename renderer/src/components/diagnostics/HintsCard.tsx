/** The quality grade and the hints: what we see, the likely cause, the fix. */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { hintsFor, type HintSettings } from '../../../../shared/report';
import { quality } from '../../../../shared/stats-quality';
import { receivedVideoWords } from '../../../../shared/stats-streams';
import { kbps, ms, pct } from './format';
import { useLinkStreams } from './use-link-streams';

export function HintsCard({ d, settings }: { d: PeerDiagnostics; settings: HintSettings }) {
  const q = quality(d.latest);
  const list = hintsFor(d, settings);
  const s = d.latest;
  // Per stream: with a share there are two pictures, and one size with their summed frame rate would be neither.
  const video = receivedVideoWords(useLinkStreams(d));
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
          <dt>RTT</dt>
          <dd data-testid="metric-rtt">{ms(s?.rttMs)}</dd>
        </div>
        <div>
          <dt>Jitter</dt>
          <dd>{ms(s?.jitterMs)}</dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd>{pct(s?.lossPct)}</dd>
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
          <dt>Video</dt>
          <dd>{video}</dd>
        </div>
      </dl>
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
