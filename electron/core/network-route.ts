/**
 * Which interface carries the default route, from Linux's /proc/net/route and
 * /proc/net/ipv6_route (the kernel's routing table as text; no process to run).
 * Pure parsers; the port that reads the files is defaultRouteReader(). Other
 * systems have no such files: there the route is unknown (null) and only
 * address changes are seen.
 */
import { readFile } from 'node:fs/promises';

/** /proc/net/route: Iface, Destination, Gateway, Flags, RefCnt, Use, Metric, Mask, … (hex, header line first). */
export function defaultRouteV4(text: string): string | null {
  const routes = text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 8 && f[1] === '00000000' && f[7] === '00000000')
    // RTF_UP is flag 0x1: a route that is down carries nothing.
    .filter((f) => (parseInt(f[3] ?? '0', 16) & 1) === 1)
    .map((f) => ({ name: f[0] ?? '', metric: Number(f[6]) }));
  return lowestMetric(routes);
}

/** /proc/net/ipv6_route: dest, dest prefix, src, src prefix, next hop, metric, refcnt, use, flags, iface (no header). */
export function defaultRouteV6(text: string): string | null {
  const routes = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 10 && /^0{32}$/.test(f[0] ?? '') && f[1] === '00' && f[9] !== 'lo')
    .filter((f) => (parseInt(f[8] ?? '0', 16) & 1) === 1)
    .map((f) => ({ name: f[9] ?? '', metric: parseInt(f[5] ?? '0', 16) }));
  return lowestMetric(routes);
}

function lowestMetric(routes: { name: string; metric: number }[]): string | null {
  const best = routes.filter((r) => r.name !== '').sort((a, b) => a.metric - b.metric)[0];
  return best?.name ?? null;
}

/** Reads the default route's interface (IPv4 first, else IPv6); null where the files do not exist. */
export function defaultRouteReader(
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): () => Promise<string | null> {
  const attempt = async (path: string, parse: (text: string) => string | null) => {
    try {
      return parse(await read(path));
    } catch {
      return null;
    }
  };
  return async () =>
    (await attempt('/proc/net/route', defaultRouteV4)) ?? (await attempt('/proc/net/ipv6_route', defaultRouteV6));
}
