/**
 * The NAT behaviour probe's result in words: one headline a person acts on,
 * then what was measured in RFC 4787 terms for whoever supports them.
 */
import type { NatBehaviour, NatFiltering, NatMapping, NatVerdict } from './nat-behaviour';

export const NAT_HEADLINES: Record<NatVerdict, string> = {
  'keeps-port': 'Your network keeps the same public port for every destination: direct calls usually work',
  'changes-port': 'Your network changes the public port per destination (symmetric NAT): calls need a relay',
  'udp-blocked': 'UDP is blocked: only TURN over TCP or TLS gets through',
  unreachable:
    'No STUN or TURN server answered, over UDP or TCP: they are down, or this network blocks them. Check the server addresses in Settings, or try another network',
  'one-server':
    'Only one STUN server answered, and it cannot test NAT behaviour (no RFC 5780): add a second STUN server on another address to tell how your network maps ports',
  'no-servers':
    'No STUN or TURN server over UDP is configured: add one in Settings to test how your network maps ports',
};

export const MAPPING_WORDS: Record<NatMapping, string> = {
  'endpoint-independent': 'endpoint-independent mapping (one public port for every destination)',
  'address-dependent': 'address-dependent mapping (a new public port per destination address)',
  'address-and-port-dependent':
    'address- and port-dependent mapping (a new public port per destination address and port)',
  dependent: 'destination-dependent mapping (a new public port per destination)',
  unknown: 'mapping not measured',
};

export const FILTERING_WORDS: Record<NatFiltering, string> = {
  'endpoint-independent': 'endpoint-independent filtering (anyone may answer the public port)',
  'address-dependent': 'address-dependent filtering (only addresses you sent to may answer)',
  'address-and-port-dependent':
    'address- and port-dependent filtering (only the exact address and port you sent to may answer)',
  unknown: 'filtering not measured (needs a STUN server with RFC 5780)',
};

export interface NatWords {
  headline: string;
  /** What was measured, one line each. */
  details: string[];
}

/** The headline for the verdict, and the measured details beneath it. */
export function natWords(result: NatBehaviour): NatWords {
  const details: string[] = [];
  const answered = result.servers.filter((s) => s.mapped !== null).length;
  details.push(`${answered} of ${result.servers.length} servers answered over UDP`);
  if (result.verdict === 'udp-blocked') details.push('A server answered the same request over TCP');
  if (result.mapping !== 'unknown') details.push(`Mapping: ${MAPPING_WORDS[result.mapping]}`);
  if (result.filtering !== 'unknown' || answered > 0) details.push(`Filtering: ${FILTERING_WORDS[result.filtering]}`);
  if (result.publicAddressIsLocal === true)
    details.push('Your public address is this computer’s own: there is no NAT on the way');
  return { headline: NAT_HEADLINES[result.verdict], details };
}
