/**
 * Which configured servers the NAT probe asks: every STUN and TURN URL as a
 * host and port, once, by the transports a Binding request can take to it
 * (coturn answers Binding requests on its TURN ports without credentials).
 */
import type { IceServer } from './ice/ice-types';

export interface ProbeTarget {
  /** The URL as configured. */
  url: string;
  /** A name or an IP address (brackets removed). */
  host: string;
  port: number;
}

export interface ProbeTargets {
  udp: ProbeTarget[];
  tcp: ProbeTarget[];
}

const URL_PARTS = /^(stun|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

/** The destinations a Binding request can go to, UDP and TCP, each host:port once (first URL wins). */
export function probeTargets(iceServers: readonly IceServer[]): ProbeTargets {
  const targets: ProbeTargets = { udp: [], tcp: [] };
  const seen = { udp: new Set<string>(), tcp: new Set<string>() };
  for (const server of iceServers) {
    for (const url of typeof server.urls === 'string' ? [server.urls] : server.urls) {
      const m = URL_PARTS.exec(url.trim());
      if (!m) continue;
      const scheme = m[1]!.toLowerCase();
      // turns: is TLS: a Binding over it says nothing about the NAT's UDP behaviour.
      if (scheme === 'turns') continue;
      const host = m[2]!.replace(/^\[|\]$/g, '');
      const port = m[3] ? Number(m[3]) : 3478;
      if (port < 1 || port > 65_535) continue;
      const given = m[4]?.toLowerCase();
      const transports = (['udp', 'tcp'] as const).filter((t) => given === undefined || given === t);
      for (const transport of transports) {
        const key = `${host.toLowerCase()}|${port}`;
        if (seen[transport].has(key)) continue;
        seen[transport].add(key);
        targets[transport].push({ url, host, port });
      }
    }
  }
  return targets;
}
