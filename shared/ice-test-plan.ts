/**
 * Which tests a server list calls for: one per URL, one per transport for TURN, and one per address
 * family for a host name with both IPv4 and IPv6 addresses (shared/ice-test-families.ts).
 */
import type { IceServer } from './ice/ice-types';
import { familiesToTest, familySuffix, tlsSuffix, urlHost, type FamilyChoice } from './ice-test-families';
import type { ServerTestRow, ServerTestTarget, TestKind, TestTransport } from './ice-test';
import { ICE_URL_PARTS, type ServerAddresses } from './server-addresses';

function transportName(transport: TestTransport): string {
  return transport.toUpperCase();
}

function emptyRow(
  id: string,
  url: string,
  configuredUrl: string,
  kind: TestKind,
  transport: TestTransport,
  host: string,
  port: number,
): ServerTestRow {
  const what = kind === 'stun' ? 'STUN' : `TURN over ${transportName(transport)}`;
  return {
    id,
    url,
    configuredUrl,
    kind,
    transport,
    host,
    port,
    label: `${what} ${host}:${port}`,
    family: null,
    status: 'waiting',
    result: null,
    firstCandidateMs: null,
    address: null,
    error: null,
    elapsedMs: null,
    problem: null,
    path: null,
    pathError: null,
  };
}

interface PlannedTest {
  url: string;
  kind: TestKind;
  transport: TestTransport;
  family: FamilyChoice | null;
}

interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  transports: readonly TestTransport[];
}

function parseIceUrl(url: string): ParsedUrl | null {
  const m = ICE_URL_PARTS.exec(url.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const given = m[4]?.toLowerCase() as 'udp' | 'tcp' | undefined;
  const port = m[3] ? Number(m[3]) : scheme === 'turns' ? 5349 : 3478;
  const transports =
    scheme === 'stun'
      ? ['udp' as const]
      : scheme === 'turns'
        ? ['tls' as const]
        : given
          ? [given]
          : (['udp', 'tcp'] as const);
  return { scheme, host: m[2]!, port, transports };
}

function urlFor(parsed: ParsedUrl, hostPart: string, transport: TestTransport): string {
  if (parsed.scheme === 'stun') return `stun:${hostPart}:${parsed.port}`;
  if (transport === 'tls') return `turns:${hostPart}:${parsed.port}?transport=tcp`;
  return `turn:${hostPart}:${parsed.port}?transport=${transport}`;
}

/** A URL's tests: per transport, then per family where its name has both (never turns:, see tlsSuffix). */
function plannedTests(parsed: ParsedUrl, addresses: ServerAddresses | null): PlannedTest[] {
  const kind = parsed.scheme === 'stun' ? 'stun' : 'turn';
  const families = parsed.scheme === 'turns' ? null : familiesToTest(parsed.host, addresses);
  return parsed.transports.flatMap((transport) =>
    (families ?? [null]).map((family) => ({
      url: urlFor(parsed, family ? urlHost(family) : parsed.host, transport),
      kind,
      transport,
      family,
    })),
  );
}

/**
 * One test per URL: an RTCIceServer's `urls` list is split, and a TURN URL
 * without `?transport` becomes a UDP and a TCP test (browsers try both, and
 * a firewall may pass one but not the other). `turns:` is TLS over TCP. A
 * host name that `addresses` (the main process's answer) gives both IPv4 and
 * IPv6 addresses becomes one test per family (ice-test-families.ts).
 */
export function planServerTests(
  iceServers: readonly IceServer[],
  addresses: ServerAddresses | null = null,
): ServerTestTarget[] {
  const targets: ServerTestTarget[] = [];
  const seen = new Set<string>();
  iceServers.forEach((server, serverIndex) => {
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    for (const configuredUrl of urls) {
      const parsed = parseIceUrl(configuredUrl);
      if (!parsed) {
        targets.push(invalidTarget(`t${targets.length}`, configuredUrl));
        continue;
      }
      const { host, port } = parsed;
      for (const p of plannedTests(parsed, addresses)) {
        // The same URL twice is one test, unless the credentials differ (then both are worth knowing).
        const key = JSON.stringify([p.url, server.username ?? '', server.credential ?? '']);
        if (seen.has(key)) continue;
        seen.add(key);
        const row = emptyRow(`t${targets.length}`, p.url, configuredUrl, p.kind, p.transport, host, port);
        const suffix = p.family ? familySuffix(p.family) : p.transport === 'tls' ? tlsSuffix(host, addresses) : '';
        const family = p.family && { ...p.family, group: `${serverIndex}|${configuredUrl}|${p.transport}` };
        const credentials =
          p.kind === 'turn' ? { username: server.username ?? '', credential: server.credential ?? '' } : {};
        targets.push({ row: { ...row, label: row.label + suffix, family }, server: { urls: p.url, ...credentials } });
      }
    }
  });
  return targets;
}

function invalidTarget(id: string, configuredUrl: string): ServerTestTarget {
  const kind = /^turns?:/i.test(configuredUrl) ? 'turn' : 'stun';
  const row = emptyRow(id, configuredUrl, configuredUrl, kind, 'udp', '?', 0);
  return { row: { ...row, label: configuredUrl, status: 'done', result: 'invalid' }, server: { urls: configuredUrl } };
}
