/** RTT, loss and jitter, and bitrates over the last minutes. */
import { useState } from 'react';
import type { PeerDiagnostics, SeriesPoint } from '../../../../shared/diagnostics';
import { Chart, SharedAxis } from './Chart';

/** The measures a chart can draw: the numeric fields of a point, but its time. */
type Measure = Exclude<
  { [K in keyof SeriesPoint]: SeriesPoint[K] extends number | null ? K : never }[keyof SeriesPoint],
  'at'
>;

interface ChartSpec {
  title: string;
  /** The axis unit; empty where the series have different units (their labels say which). */
  unit: string;
  series: { label: string; color: string; measure: Measure }[];
}

const CHARTS: ChartSpec[] = [
  { title: 'Round trip', unit: 'ms', series: [{ label: 'RTT ms', color: '#60a5fa', measure: 'rttMs' }] },
  {
    title: 'Loss and jitter',
    unit: '',
    series: [
      { label: 'loss %', color: '#f87171', measure: 'lossPct' },
      { label: 'jitter ms', color: '#fbbf24', measure: 'jitterMs' },
    ],
  },
  {
    title: 'Bitrate',
    unit: 'kb/s',
    series: [
      { label: 'in kbit/s', color: '#34d399', measure: 'inKbps' },
      { label: 'out kbit/s', color: '#a78bfa', measure: 'outKbps' },
      { label: 'available out kbit/s', color: '#64748b', measure: 'availableOutKbps' },
    ],
  },
];

export function Graphs({ d }: { d: PeerDiagnostics }) {
  const times = d.series.map((p) => p.at / 1000);
  const [axis] = useState(() => new SharedAxis());
  return (
    <section className="diag-card graphs" aria-label="Graphs">
      <h3>Last {Math.max(1, Math.round(d.series.length / 60))} min</h3>
      {CHARTS.map((chart) => (
        <Chart
          key={chart.title}
          title={chart.title}
          unit={chart.unit}
          times={times}
          axis={axis}
          series={chart.series.map((s) => ({
            label: s.label,
            color: s.color,
            values: d.series.map((p) => p[s.measure]),
          }))}
        />
      ))}
    </section>
  );
}
