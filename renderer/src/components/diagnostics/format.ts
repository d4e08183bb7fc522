/** Numbers with units, and times, for the diagnostics panel. */
export const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(1)} %`);
export const kbps = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} Mbit/s` : `${Math.round(v)} kbit/s`;
export const clock = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour12: false }) + `.${String(at % 1000).padStart(3, '0')}`;
/** "+1.234 s" since the start of the link. */
export const since = (at: number, start: number) => `+${((at - start) / 1000).toFixed(3)} s`;
