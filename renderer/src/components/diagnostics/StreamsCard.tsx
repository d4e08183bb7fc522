/** Every video stream of the link, received and sent, each its own row: "Ben's screen · 1920×1080 · 15 fps · 850 kbit/s". */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { layerWords } from '../../../../shared/sfu-layers';
import { streamNote, streamWords } from '../../../../shared/stats-streams';
import { useLinkStreams } from './use-link-streams';

export function StreamsCard({ d }: { d: PeerDiagnostics }) {
  const rows = useLinkStreams(d);
  return (
    <section className="diag-card" aria-label="Streams">
      <h3>Streams</h3>
      {rows.length === 0 ? (
        <p className="muted">{emptyWords(d)}</p>
      ) : (
        <table className="diag-table streams-table">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Resolution</th>
              <th scope="col">Frame rate</th>
              <th scope="col">Bitrate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const words = streamWords(row);
              const note = streamNote(row);
              return (
                <tr key={row.key} data-stream={row.name} data-direction={row.direction}>
                  <th scope="row">
                    <span aria-hidden="true">{row.direction === 'received' ? '↓ ' : '↑ '}</span>
                    {row.name}
                    {note && <span className="muted"> ({note})</span>}
                  </th>
                  <td data-field="resolution">{words.resolution}</td>
                  <td data-field="fps">{words.frameRate}</td>
                  <td data-field="bitrate">{words.bitrate}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {d.layer && (
        <p
          className="note"
          data-testid="simulcast-layer"
          data-wanted={d.layer.wanted}
          data-received={d.layer.received ?? ''}
        >
          {layerWords(d.layer, d.name)}
        </p>
      )}
    </section>
  );
}

function emptyWords(d: PeerDiagnostics): string {
  if (d.state === 'closed') return `${d.name} left: nothing is sent or received on this connection any more.`;
  if (!d.latest) return `No stats yet (${d.state}).`;
  return 'No video is sent or received on this connection.';
}
