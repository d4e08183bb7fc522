/** RTT, loss and jitter, and bitrates over the last minutes. */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { Chart } from './Chart';

export function Graphs({ d }: { d: PeerDiagnostics }) {
  const times = d.series.map((p) => p.at / 1000);
  return (
    <section className="diag-card graphs" aria-label="Graphs">
      <h3>Last {Math.max(1, Math.round(d.series.length / 60))} min</h3>
      <Chart title="Round trip" unit="ms" times={times} series={[{ label: 'RTT ms', color: '#60a5fa', values: d.series.map((p) => p.rttMs) }]} />
      <Chart
        title="Loss and jitter"
        unit=""
        times={times}
        series={[
          { label: 'loss %', color: '#f87171', values: d.series.map((p) => p.lossPct) },
          { label: 'jitter ms', color: '#fbbf24', values: d.series.map((p) => p.jitterMs) },
        ]}
      />
      <Chart
        title="Bitrate"
        unit="kb/s"
        times={times}
        series={[
          { label: 'in kbit/s', color: '#34d399', values: d.series.map((p) => p.inKbps) },
          { label: 'out kbit/s', color: '#a78bfa', values: d.series.map((p) => p.outKbps) },
          { label: 'available out kbit/s', color: '#64748b', values: d.series.map((p) => p.availableOutKbps) },
        ]}
      />
    </section>
  );
}
