/** The selected candidate pair, in words, with the prflx explanation where Chromium mislabels a relay. */
import { describeCandidate } from '../../../../shared/stats';
import { explainPath } from '../../../../shared/stats-quality';
import type { PeerDiagnostics } from '../../../../shared/diagnostics';

export function PathCard({ d }: { d: PeerDiagnostics }) {
  const path = d.latest?.path;
  if (!path) {
    return (
      <section className="diag-card" aria-label="Selected pair">
        <h3>Selected pair</h3>
        <p className="muted">No candidate pair selected yet ({d.state}).</p>
      </section>
    );
  }
  const received = d.candidates.filter((c) => c.direction === 'received').flatMap((c) => (c.parsed ? [c.parsed] : []));
  const { relayed, note } = explainPath(path, received);
  return (
    <section className="diag-card" aria-label="Selected pair">
      <h3>
        Selected pair{' '}
        <span className={`path-badge ${relayed ? 'relayed' : 'direct'}`}>{relayed ? 'Relayed' : 'Direct'}</span>
      </h3>
      <dl className="kv">
        <dt>Local</dt>
        <dd data-testid="selected-local-type" data-type={path.local.type}>
          {describeCandidate(path.local)}
        </dd>
        <dt>Remote</dt>
        <dd data-testid="selected-remote-type" data-type={path.remote.type}>
          {describeCandidate(path.remote)}
        </dd>
        <dt>Relay protocol</dt>
        <dd data-testid="selected-relay-protocol">{path.local.relayProtocol ?? '–'}</dd>
        <dt>TURN server in use</dt>
        <dd data-testid="selected-turn-url">{path.local.type === 'relay' ? (path.local.url ?? 'unknown') : '–'}</dd>
      </dl>
      {note && <p className="note">{note}</p>}
    </section>
  );
}
