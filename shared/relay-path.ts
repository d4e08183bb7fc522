/**
 * What one relay path carries, measured end to end (renderer/src/diagnostics/relay-path-probe.ts):
 * two connections on this computer, both Relay only through the one TURN URL under test, so every
 * packet goes up to the TURN server and back down, twice per round trip. The figures as the
 * tester's row and the support report keep them, and the words the row shows.
 */
import { z } from 'zod';

export const relayPathFiguresSchema = z
  .object({
    /** ms from creating the connections to their data channel being open through the relay. */
    connectMs: z.number().nonnegative(),
    /** Median round trip of the pings (this computer → relay → this computer, both ways). */
    rttMs: z.number().nonnegative().nullable(),
    /** Mean difference between consecutive pings' round trips (RFC 3550's idea, unsmoothed). */
    jitterMs: z.number().nonnegative().nullable(),
    /** Pings with no answer, of all sent; each crosses the link to the TURN server four times. */
    lossPct: z.number().min(0).max(100),
    pings: z.number().int().nonnegative(),
    /** Data received through the relay over the throughput phase, kbit/s; null when nothing arrived. */
    throughputKbps: z.number().nonnegative().nullable(),
  })
  .strict();
export type RelayPathFigures = z.infer<typeof relayPathFiguresSchema>;

const ms = (value: number) => `${Math.round(value)} ms`;

function rate(kbps: number): string {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(kbps >= 10_000 ? 0 : 1)} Mbit/s` : `${Math.round(kbps)} kbit/s`;
}

/** "Through the relay and back to this computer: round trip 8 ms, jitter 1 ms, 0 % of 20 pings lost, 42 Mbit/s" */
export function relayPathWords(f: RelayPathFigures): string {
  const parts = [
    f.rttMs === null ? 'no ping came back' : `round trip ${ms(f.rttMs)}`,
    f.jitterMs === null ? null : `jitter ${ms(f.jitterMs)}`,
    `${f.lossPct.toFixed(f.lossPct > 0 && f.lossPct < 10 ? 1 : 0)} % of ${f.pings} pings lost`,
    f.throughputKbps === null ? 'no data got through' : rate(f.throughputKbps),
  ];
  return `Through the relay and back to this computer: ${parts.filter((p) => p !== null).join(', ')}`;
}

/** Round trips of the pings that came back (by sequence number; NaN for a lost one) to median, jitter and loss. */
export function pingFigures(
  rtts: readonly number[],
): Pick<RelayPathFigures, 'rttMs' | 'jitterMs' | 'lossPct' | 'pings'> {
  const answered = rtts.filter((r) => Number.isFinite(r));
  const sorted = [...answered].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const rttMs = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const steps = answered.slice(1).map((r, i) => Math.abs(r - answered[i]!));
  const jitterMs = steps.length === 0 ? null : steps.reduce((sum, s) => sum + s, 0) / steps.length;
  const lossPct = rtts.length === 0 ? 0 : (100 * (rtts.length - answered.length)) / rtts.length;
  return { rttMs, jitterMs, lossPct, pings: rtts.length };
}

/** The highest rate (kbit/s) between two samples at least `windowMs` apart (or the whole span, if shorter); null when nothing arrived. */
export function bestRateKbps(samples: readonly { at: number; bytes: number }[], windowMs: number): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.bytes === first.bytes || last.at <= first.at) return null;
  const window = Math.min(windowMs, last.at - first.at);
  let best = 0;
  for (let i = 0, j = 0; i < samples.length; i += 1) {
    while (j < samples.length && samples[j]!.at - samples[i]!.at < window) j += 1;
    if (j === samples.length) break;
    best = Math.max(best, ((samples[j]!.bytes - samples[i]!.bytes) * 8) / (samples[j]!.at - samples[i]!.at));
  }
  return best;
}
