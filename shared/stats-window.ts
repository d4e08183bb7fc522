/**
 * Loss and round trip over the last RECENT_MS of a link: what the panel shows and grades. One
 * second of a call holds about 50 audio packets and at most one connectivity check, too few to
 * be right (the NAT lab saw 0.8-7.3 % around an imposed 5 %, and single checks of 77-267 ms on
 * a 100 ms link). Pure: each snapshot carries the samples of the window forward.
 */
import type { StatsRecord } from './stats';

/**
 * 30 s: about 1,500 audio packets, so a 5 % loss reads within about ±1.1 points (two standard
 * deviations), about twelve connectivity checks (libwebrtc checks a stable pair every 2.5 s) and,
 * while we send, the RTCP reports' round trips (376 in 30 s on the lab's call with 5 % loss).
 * Twelve checks alone were too few: on a 100 ms link with ±20 ms jitter each way the NAT lab once
 * saw their median at 81-83 ms.
 */
export const RECENT_MS = 30_000;
/** More samples than a window can hold at one a second, in case timestamps misbehave. */
const SAMPLE_LIMIT = 120;

/** The cumulative counters of one getStats() report that the window needs. */
export interface RecentSample {
  at: number;
  /** The selected candidate pair: its check counters are its own. */
  pairId: string | null;
  /** Connectivity checks answered on that pair so far, and their summed round trips (s). */
  checks: number;
  checksRttS: number;
  /** Round trips measured from RTCP receiver reports so far (remote-inbound-rtp), and their sum (s). */
  reports: number;
  reportsRttS: number;
  /** Whether the pair was not in use at the sample before (or there was none). */
  pairNew: boolean;
  audio: { received: number; lost: number };
  video: { received: number; lost: number };
}

export interface Recent {
  /** How far back the figures reach, ms: RECENT_MS, or less while the link is young. */
  spanMs: number;
  /**
   * Median round trip in the span, ms, of the connectivity checks answered and the RTCP receiver
   * reports' round trips (each counted once); null before the first.
   */
  rttMs: number | null;
  checks: number;
  /** RTCP round trips in the median: 376 in 30 s on the NAT lab's 5 %-loss video call, so the median is steady. */
  reports: number;
  /**
   * Packets lost of those expected in the span, percent. Audio's when audio arrives: it is never
   * retransmitted, so this is what the network dropped. Else video's, counted after NACK
   * retransmissions repaired what they could (less than the network dropped).
   */
  lossPct: number | null;
  lossOf: 'audio' | 'video' | null;
  /** Packets the loss figure counts (received and lost). */
  packets: number;
  samples: RecentSample[];
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The window's counters from one report, given the candidate pair in use. */
export function recentSample(
  records: readonly StatsRecord[],
  at: number,
  pairId: string | null,
): Omit<RecentSample, 'pairNew'> {
  const pair = records.find((r) => r.id === pairId);
  const sample: Omit<RecentSample, 'pairNew'> = {
    at,
    pairId,
    checks: num(pair?.responsesReceived),
    checksRttS: num(pair?.totalRoundTripTime),
    reports: 0,
    reportsRttS: 0,
    audio: { received: 0, lost: 0 },
    video: { received: 0, lost: 0 },
  };
  for (const r of records) {
    if (r.type === 'remote-inbound-rtp') {
      sample.reports += num(r.roundTripTimeMeasurements);
      sample.reportsRttS += num(r.totalRoundTripTime);
    }
    if (r.type !== 'inbound-rtp' || (r.kind !== 'audio' && r.kind !== 'video')) continue;
    sample[r.kind].received += num(r.packetsReceived);
    sample[r.kind].lost += num(r.packetsLost);
  }
  return sample;
}

/** The median of values each counted `weight` times. */
function weightedMedian(values: readonly { value: number; weight: number }[]): number | null {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [i, v] of sorted.entries()) {
    seen += v.weight;
    if (seen * 2 > total) return v.value;
    // Exactly half below: the middle of this value and the next, as a median of an even count.
    if (seen * 2 === total) return (v.value + sorted[i + 1]!.value) / 2;
  }
  return sorted.at(-1)!.value;
}

/** Lost and expected packets of one kind over the intervals whose counters did not restart. */
function lossOver(samples: readonly RecentSample[], kind: 'audio' | 'video') {
  let received = 0;
  let lost = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const [a, b] = [samples[i - 1]![kind], samples[i]![kind]];
    // Fewer received than before: a replacement connection, counting from zero again.
    if (b.received < a.received) continue;
    received += b.received - a.received;
    lost += b.lost - a.lost;
  }
  // Lost can shrink (a late packet counted lost, then received); over a span it stays at least 0.
  const packets = received + Math.max(0, lost);
  return { packets, pct: packets > 0 ? (100 * Math.max(0, lost)) / packets : null };
}

/**
 * The checks answered in each interval on the pair in use now: their mean round trip, counted
 * once per check. A pair new at a sample (the link's first, or another pair selected) counts its
 * checks so far: they were made while it was being checked, just now.
 */
function checkRtts(samples: readonly RecentSample[], pairId: string | null): { value: number; weight: number }[] {
  const out: { value: number; weight: number }[] = [];
  for (const [i, b] of samples.entries()) {
    if (b.pairId !== pairId || pairId === null) continue;
    const a = b.pairNew ? { checks: 0, checksRttS: 0 } : samples[i - 1];
    const answered = a ? b.checks - a.checks : 0;
    if (a && answered > 0) out.push({ value: ((b.checksRttS - a.checksRttS) * 1000) / answered, weight: answered });
  }
  return out;
}

/**
 * The RTCP round trips measured in each interval on the pair in use now (not across a change of
 * pair, whose reports could have crossed either path), their mean counted once per measurement.
 */
function reportRtts(samples: readonly RecentSample[], pairId: string | null): { value: number; weight: number }[] {
  const out: { value: number; weight: number }[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const [a, b] = [samples[i - 1]!, samples[i]!];
    if (pairId === null || b.pairNew || a.pairId !== pairId || b.pairId !== pairId) continue;
    const measured = b.reports - a.reports;
    // Fewer than before: a sender went away and its counters with it.
    if (measured > 0) out.push({ value: ((b.reportsRttS - a.reportsRttS) * 1000) / measured, weight: measured });
  }
  return out;
}

/** The window after `sample`: the samples of the last RECENT_MS and their figures. */
export function recentFigures(previous: readonly RecentSample[], next: Omit<RecentSample, 'pairNew'>): Recent {
  const sample = { ...next, pairNew: previous.at(-1)?.pairId !== next.pairId };
  const samples = [...previous, sample].filter((s) => s.at >= sample.at - RECENT_MS).slice(-SAMPLE_LIMIT);
  const checks = checkRtts(samples, sample.pairId);
  const reports = reportRtts(samples, sample.pairId);
  const audio = lossOver(samples, 'audio');
  const video = lossOver(samples, 'video');
  const loss =
    audio.packets > 0
      ? { of: 'audio' as const, ...audio }
      : video.packets > 0
        ? { of: 'video' as const, ...video }
        : null;
  return {
    spanMs: sample.at - samples[0]!.at,
    rttMs: weightedMedian([...checks, ...reports]),
    checks: checks.reduce((sum, r) => sum + r.weight, 0),
    reports: reports.reduce((sum, r) => sum + r.weight, 0),
    lossPct: loss?.pct ?? null,
    lossOf: loss?.of ?? null,
    packets: loss?.packets ?? 0,
    samples,
  };
}
