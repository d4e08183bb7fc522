/** Which servers the TURN-over-TLS certificate check connects to: every `turns:` URL's host and port, once. */
import type { IceServer } from './ice/ice-types';

export interface TlsTarget {
  url: string;
  /** A name or an IP address (brackets removed). */
  host: string;
  port: number;
}

const TURNS_URL = /^turns:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=tcp)?$/i;

export function tlsTargets(iceServers: readonly IceServer[]): TlsTarget[] {
  const targets: TlsTarget[] = [];
  const seen = new Set<string>();
  for (const server of iceServers) {
    for (const url of typeof server.urls === 'string' ? [server.urls] : server.urls) {
      const m = TURNS_URL.exec(url.trim());
      if (!m) continue;
      const host = m[1]!.replace(/^\[|\]$/g, '');
      // 5349 is the TURN-over-TLS default (RFC 8656 §3.1).
      const port = m[2] ? Number(m[2]) : 5349;
      const key = `${host.toLowerCase()}|${port}`;
      if (port < 1 || port > 65_535 || seen.has(key)) continue;
      seen.add(key);
      targets.push({ url, host, port });
    }
  }
  return targets;
}
