/** Candidates gathered (local) and received (remote): type, protocol, address, relay details, when they arrived, and counts. */
import { candidateRows } from '../../../../shared/candidate';
import { candidateCounts } from '../../../../shared/stats';
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { since } from './format';

function Counts({ list, label }: { list: readonly { type: string; url: string | null }[]; label: string }) {
  const { byType, byServer } = candidateCounts(list);
  return (
    <p className="counts" aria-label={`${label} candidate counts`}>
      {Object.entries(byType).map(([type, n]) => (
        <span key={type} className={`count-chip type-${type}`} data-type={type} data-count={n}>
          {type} {n}
        </span>
      ))}
      {Object.entries(byServer).map(([url, n]) => (
        <span key={url} className="count-chip server">
          {url}: {n}
        </span>
      ))}
    </p>
  );
}

export function CandidateTable({ d, side }: { d: PeerDiagnostics; side: 'local' | 'remote' }) {
  const fromStats = (side === 'local' ? d.latest?.localCandidates : d.latest?.remoteCandidates) ?? [];
  const direction = side === 'local' ? 'sent' : 'received';
  const mine = d.candidates.filter((c) => c.direction === direction);
  // The list and the counts are of the connection in use; earlier connections (relay-only switches) are history.
  const rows = candidateRows(
    mine.filter((c) => c.session === d.session),
    fromStats,
  );
  const signaled = rows.filter((r) => r.at !== null);
  const earlier = new Set(mine.filter((c) => c.session !== d.session).map((c) => c.line)).size;
  const title = side === 'local' ? 'Local candidates (gathered)' : 'Remote candidates';
  const unsignaled = side === 'remote' ? 'from checks' : 'not sent';
  return (
    <section className="diag-card" aria-label={title}>
      <h3>{title}</h3>
      <Counts list={rows} label={side === 'local' ? 'Local' : 'Remote'} />
      <table className="diag-table">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Protocol</th>
            <th scope="col">Address</th>
            <th scope="col">Relay / server</th>
            <th scope="col">Arrived</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.key} data-candidate-type={c.type} data-signaled={c.at !== null}>
              <td>{c.type}</td>
              <td>{c.protocol}</td>
              <td className="mono">
                {c.address}
                {c.port === null ? '' : `:${c.port}`}
              </td>
              <td className="mono">
                {c.type === 'relay' ? `${c.relayProtocol ?? '?'} · ${c.url ?? ''}` : (c.url ?? '')}
              </td>
              <td>{c.at === null ? unsignaled : since(c.at, d.startedAt)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                None yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="muted small">
        {signaled.length} {side === 'local' ? 'sent to the peer' : 'received from the peer'} over signaling on this
        connection
        {side === 'local' ? `: ${signaled.filter((r) => r.type !== 'relay').length} revealing an address` : ''}
        {earlier > 0 ? ` (${earlier} on earlier connections)` : ''}.
      </p>
    </section>
  );
}
