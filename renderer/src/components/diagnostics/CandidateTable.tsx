/** Candidates gathered (local) and received (remote): type, protocol, address, relay details, when they arrived, and counts. */
import { candidateCounts, type CandidateInfo } from '../../../../shared/stats';
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { since } from './format';

function Counts({ list, label }: { list: readonly CandidateInfo[]; label: string }) {
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
  const arrivals = d.candidates.filter((c) => c.direction === direction);
  const arrivedAt = (c: CandidateInfo) =>
    arrivals.find((a) => a.parsed?.address === c.address && a.parsed.port === c.port)?.at;
  const title = side === 'local' ? 'Local candidates (gathered)' : 'Remote candidates';
  return (
    <section className="diag-card" aria-label={title}>
      <h3>{title}</h3>
      <Counts list={fromStats} label={side === 'local' ? 'Local' : 'Remote'} />
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
          {fromStats.map((c) => {
            const at = arrivedAt(c);
            return (
              <tr key={c.id} data-candidate-type={c.type}>
                <td>{c.type}</td>
                <td>{c.protocol}</td>
                <td className="mono">
                  {c.address}
                  {c.port === null ? '' : `:${c.port}`}
                </td>
                <td className="mono">
                  {c.type === 'relay' ? `${c.relayProtocol ?? '?'} · ${c.url ?? ''}` : (c.url ?? '')}
                </td>
                <td>{at === undefined ? (side === 'remote' ? 'from checks' : '–') : since(at, d.startedAt)}</td>
              </tr>
            );
          })}
          {fromStats.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                None yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="muted small">
        {arrivals.length} {side === 'local' ? 'sent to the peer' : 'received from the peer'} over signaling
        {side === 'local' ? `: ${arrivals.filter((a) => a.parsed?.type !== 'relay').length} revealing an address` : ''}.
      </p>
    </section>
  );
}
