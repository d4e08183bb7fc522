/** One uPlot time-series chart, created once and fed new data on every render. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

// Axis font as uPlot draws it, and the room left of the labels for the ticks and their gap.
const AXIS_FONT = '12px system-ui, -apple-system, sans-serif';
const AXIS_PADDING = 10 + 5 + 8;
/** Room right of the plot for half of the last time label ("14:05:30" is ~50 px), which is centred on its tick. */
const RIGHT_PADDING = 30;

/** Time ticks in whole seconds and up: the graphs span seconds to many minutes, never less. */
const TIME_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
// 24-hour in every locale: "2:05:30 PM" is a third wider, and a graph a minute long needs no AM/PM.
const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
/** Wall-clock labels ("14:05:30"), one line, so a tick reads as the moment a support call refers to. */
const timeValues: uPlot.Axis.Values = (_self, ticks) => ticks.map((t) => clock.format(t * 1000));

/** How wide a y axis must be for its longest label ("2500 kb/s"), so none is cut off. */
function labelWidth(self: uPlot, values: string[] | undefined): number {
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  self.ctx.font = AXIS_FONT;
  return Math.ceil(AXIS_PADDING + self.ctx.measureText(longest).width / devicePixelRatio);
}

/**
 * Charts stacked in one card share their y-axis width, so their plot areas
 * line up and one moment sits at the same x in each: the axis is as wide as
 * the widest label of any of them, and the others redraw when that changes.
 */
export class SharedAxis {
  private readonly needs = new Map<uPlot, number>();
  private width = 0;

  readonly size: uPlot.Axis.Size = (self, values) => {
    this.needs.set(self, labelWidth(self, values));
    const widest = Math.max(...this.needs.values());
    if (widest !== this.width) {
      this.width = widest;
      // uPlot is in the middle of laying out `self`, which gets the new width from this return.
      for (const other of this.needs.keys()) {
        if (other !== self) queueMicrotask(() => this.needs.has(other) && other.redraw(false, true));
      }
    }
    return widest;
  };

  forget(chart: uPlot): void {
    this.needs.delete(chart);
  }
}

export function Chart({
  title,
  unit,
  times,
  series,
  axis,
}: {
  title: string;
  unit: string;
  times: number[];
  series: ChartSeries[];
  axis: SharedAxis;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 120,
        padding: [null, RIGHT_PADDING, null, null],
        legend: { show: true, live: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          {
            stroke: '#8b98a5',
            font: AXIS_FONT,
            grid: { stroke: '#2a333d' },
            ticks: { stroke: '#2a333d' },
            incrs: TIME_INCREMENTS,
            space: 70,
            values: timeValues,
          },
          {
            stroke: '#8b98a5',
            font: AXIS_FONT,
            grid: { stroke: '#2a333d' },
            ticks: { stroke: '#2a333d' },
            size: axis.size,
            values: (_u, ticks) => ticks.map((t) => `${t} ${unit}`),
          },
        ],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true }))],
      },
      [[], ...series.map(() => [])],
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 120 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      axis.forget(chart);
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change, not on every new point.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labels, unit, axis]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  });

  return (
    <figure className="chart" aria-label={`${title} graph`} data-points={times.length}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
