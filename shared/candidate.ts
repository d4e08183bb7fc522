/** Parses an ICE candidate line ("candidate:... typ relay raddr ...") into the fields people read. */
import type { CandidateType } from './stats';

export interface ParsedCandidate {
  type: CandidateType | 'unknown';
  protocol: string;
  address: string;
  port: number | null;
  /** Related address (the base a srflx/relay candidate was derived from), when the line carries one. */
  relatedAddress: string | null;
  tcpType: string | null;
}

export function parseCandidate(line: string): ParsedCandidate | null {
  const fields = line
    .replace(/^a=/, '')
    .replace(/^candidate:/, '')
    .trim()
    .split(/\s+/);
  // foundation component protocol priority address port "typ" type ...
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const pairs = new Map<string, string>();
  for (let i = 8; i + 1 < fields.length; i += 2) pairs.set(fields[i]!, fields[i + 1]!);
  const type = fields[7]!;
  const port = Number(fields[5]);
  return {
    type: type === 'host' || type === 'srflx' || type === 'prflx' || type === 'relay' ? type : 'unknown',
    protocol: fields[2]!.toLowerCase(),
    address: fields[4]!,
    port: Number.isInteger(port) ? port : null,
    relatedAddress: pairs.get('raddr') ?? null,
    tcpType: pairs.get('tcptype') ?? null,
  };
}

/** True when a candidate line would reveal a local or public address of this machine. */
export function revealsAddress(line: string): boolean {
  const parsed = parseCandidate(line);
  return parsed !== null && parsed.type !== 'relay';
}

/** One row of a candidate list: what went over signaling on this connection, and what only getStats knows. */
export interface CandidateRow {
  key: string;
  type: string;
  protocol: string;
  address: string;
  port: number | null;
  relayProtocol: string | null;
  url: string | null;
  /** When it went over signaling; null for a candidate known only from getStats (prflx, or held back). */
  at: number | null;
}

interface Signaled {
  at: number;
  parsed: ParsedCandidate | null;
}

interface FromStats {
  id: string;
  type: string;
  protocol: string;
  address: string;
  port: number | null;
  relayProtocol: string | null;
  url: string | null;
}

/**
 * The candidates of one side of the connection in use, each once: those that
 * went over signaling (in arrival order, enriched from getStats where it knows
 * the same address), then those getStats reports that never went over signaling.
 * A list and the count beside it are both made from this, so they agree.
 */
export function candidateRows(signaled: readonly Signaled[], fromStats: readonly FromStats[]): CandidateRow[] {
  const rows = new Map<string, CandidateRow>();
  const keyOf = (c: { protocol: string; address: string; port: number | null }) =>
    `${c.protocol}|${c.address}|${c.port ?? ''}`;
  for (const { at, parsed } of signaled) {
    if (!parsed || rows.has(keyOf(parsed))) continue;
    const known = fromStats.find((c) => keyOf(c) === keyOf(parsed));
    rows.set(keyOf(parsed), {
      key: keyOf(parsed),
      type: parsed.type,
      protocol: parsed.protocol,
      address: parsed.address,
      port: parsed.port,
      relayProtocol: known?.relayProtocol ?? null,
      url: known?.url ?? null,
      at,
    });
  }
  for (const c of fromStats) {
    if (!rows.has(keyOf(c))) rows.set(keyOf(c), { ...c, key: keyOf(c), at: null });
  }
  return [...rows.values()];
}
