/**
 * Which address families the connection test tries a server's URL in (issue 18): a host name with
 * both IPv4 and IPv6 addresses is tested once per family, at an IP address of that family, so a
 * server that listens only on IPv4 (or a network whose IPv6 is broken) shows as its own row. The
 * addresses come from the main process (`servers:resolve`); the renderer never resolves a name.
 */
import { addressesFor, isIpLiteral, type ServerAddresses } from './server-addresses';

export type FamilyVersion = 4 | 6;

/** One family a URL is tested in: the address put in place of the name. */
export interface FamilyChoice {
  version: FamilyVersion;
  ip: string;
}

/**
 * The families to test `host` in, or null to test the URL as written (Chromium then resolves it and
 * tries it from every network it gathers on, so a pass means only that some family works): for an IP
 * address, a name the main process could not resolve, or one with addresses in a single family.
 * Of each family the first address is taken, the one Chromium tries first (the resolver's order);
 * more addresses of one family (round robin) would add rows that tell nothing new about the family.
 * Without IPv6 on this computer only the IPv4 row remains: there is no IPv6 to test with.
 */
export function familiesToTest(host: string, answer: ServerAddresses | null): FamilyChoice[] | null {
  if (isIpLiteral(host)) return null;
  const found = addressesFor(answer, host);
  const v4 = found?.addresses.find((a) => a.family === 4);
  const v6 = found?.addresses.find((a) => a.family === 6);
  if (!answer || !v4 || !v6) return null;
  const ipv4: FamilyChoice = { version: 4, ip: v4.address };
  return answer.hasIpv6 ? [ipv4, { version: 6, ip: v6.address }] : [ipv4];
}

/** How an address stands in a URL's host part: IPv6 in brackets (RFC 3986). */
export function urlHost(choice: FamilyChoice): string {
  return choice.version === 6 ? `[${choice.ip}]` : choice.ip;
}

/** The label's tail that tells the rows of one URL apart: " (IPv6 2001:db8::1)". */
export function familySuffix(choice: FamilyChoice): string {
  return ` (IPv${choice.version} ${choice.ip})`;
}

/**
 * A turns: URL keeps its host name whatever it resolves to: Chromium checks the TURN server's
 * certificate against the name in the URL, and an IP address in its place would fail that check
 * for a reason no call meets. So TLS stays one row, and when the name has both families its label says so.
 */
export function tlsSuffix(host: string, answer: ServerAddresses | null): string {
  const found = addressesFor(answer, host);
  const both = [4, 6].every((family) => found?.addresses.some((a) => a.family === family));
  return both && answer?.hasIpv6 ? ' (by name, IPv4 or IPv6: its certificate is checked against the name)' : '';
}

/** The names with IPv6 addresses that were not tested in IPv6 because this computer has none. */
export function ipv6Untested(answer: ServerAddresses | null): string[] {
  if (!answer || answer.hasIpv6) return [];
  return answer.hosts.filter((h) => h.addresses.some((a) => a.family === 6)).map((h) => h.host);
}
