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
