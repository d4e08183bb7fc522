/**
 * RFC 4787 terms from what Binding requests saw: mapping from the public
 * address one socket got towards several destinations (different servers, or
 * one RFC 5780 server's other address and port), filtering from which
 * CHANGE-REQUEST answers got back in (RFC 5780 §4.4).
 */
import type { NatFiltering, NatMapping, TransportAddress } from '../../shared/nat-behaviour';

export interface MappingObservation {
  destination: TransportAddress;
  mapped: TransportAddress;
}

const same = (a: TransportAddress, b: TransportAddress) => a.address === b.address && a.port === b.port;

/**
 * The same public address and port towards every destination = endpoint-independent. Otherwise two
 * destinations on one IP tell whether the port counts: different mappings for them =
 * address-and-port-dependent, the same = address-dependent; destinations all on different IPs only
 * tell "dependent".
 */
export function mappingFrom(observations: readonly MappingObservation[]): NatMapping {
  const distinct = observations.filter(
    (o, i) => observations.findIndex((p) => same(p.destination, o.destination)) === i,
  );
  if (distinct.length < 2) return 'unknown';
  if (distinct.every((o) => same(o.mapped, distinct[0]!.mapped))) return 'endpoint-independent';
  let portCounts = false;
  let addressOnly = false;
  for (const [i, a] of distinct.entries()) {
    for (const b of distinct.slice(i + 1)) {
      if (a.destination.address !== b.destination.address) continue;
      if (same(a.mapped, b.mapped)) addressOnly = true;
      else portCounts = true;
    }
  }
  if (portCounts) return 'address-and-port-dependent';
  return addressOnly ? 'address-dependent' : 'dependent';
}

/** Where an answer came from and whether it came at all, for one CHANGE-REQUEST test. */
export type ChangeOutcome = { from: TransportAddress } | null;

/**
 * RFC 5780 §4.4 from the answers to "change IP and port" (test II) and "change port" (test III),
 * sent after a plain request to `primary`. An answer from the address the request went to means
 * the server ignored the change: then nothing can be told ('not-honoured').
 */
export function filteringFrom(
  primary: TransportAddress,
  changeBoth: ChangeOutcome,
  changePort: ChangeOutcome,
): NatFiltering | 'not-honoured' {
  if (changeBoth && changeBoth.from.address === primary.address) return 'not-honoured';
  if (changePort && (changePort.from.address !== primary.address || changePort.from.port === primary.port))
    return 'not-honoured';
  if (changeBoth) return 'endpoint-independent';
  if (changePort) return 'address-dependent';
  return 'address-and-port-dependent';
}
