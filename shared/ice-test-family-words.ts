/**
 * The words for a server tested per address family (issue 18): a row that fails in one family while
 * the same server answers in the other gets a cause and fix of its own, a name with only IPv6
 * addresses on a computer without IPv6 says so, and the verdict says when IPv6 went untested. Each
 * sentence claims only what the rows measured: "works" needs a pass, "answers" any reply.
 */
import type { IceProblem } from './ice/ice-types';
import { ipv6Untested } from './ice-test-families';
import { RESULT_WORDS, type ServerTestResult, type ServerTestRow, type ServerTestRun } from './ice-test';
import { addressesFor, type ServerAddresses } from './server-addresses';

/** No reply from the server at all: the kind of failure an address family explains. */
const SILENT: readonly ServerTestResult[] = ['unreachable', 'timed-out'];

/** The server replied over this row's path (a pass, a refusal, an allocation that carried nothing). */
function answered(row: ServerTestRow): boolean {
  if (row.status !== 'done') return false;
  if (row.result === 'ok' || row.result === 'auth-failed' || row.result === 'no-data') return true;
  // A STUN server that saw no NAT answered (see explainRow); a TURN error code below 700 came from the server.
  if (row.result !== 'no-candidate') return false;
  return row.error ? row.error.code >= 300 && row.error.code < 700 : row.kind === 'stun';
}

const portWords = (row: ServerTestRow) => `${row.transport === 'udp' ? 'UDP' : 'TCP'} ${row.port}`;
const familyName = (version: 4 | 6) => `IPv${version}`;

/** The row of the same URL, transport and credentials in the other family that got an answer, if any. */
function answeringSibling(row: ServerTestRow, rows: readonly ServerTestRow[]): ServerTestRow | null {
  const family = row.family;
  if (!family || row.status !== 'done' || !SILENT.includes(row.result ?? 'cancelled')) return null;
  return (
    rows.find((r) => r.family?.group === family.group && r.family.version !== family.version && answered(r)) ?? null
  );
}

/** True when this row failed only in its family: the other family's row reached the same server. */
export function failsInOneFamily(row: ServerTestRow, rows: readonly ServerTestRow[]): boolean {
  return answeringSibling(row, rows) !== null;
}

function oneFamilyProblem(row: ServerTestRow, other: ServerTestRow): IceProblem {
  const mine = familyName(row.family!.version);
  const theirs = familyName(other.family!.version);
  const server = row.kind === 'stun' ? 'STUN server' : 'TURN server';
  const verb = other.result === 'ok' ? 'works' : 'answers';
  const code = row.error ? ` (error ${row.error.code}: ${row.error.text})` : '';
  const record = row.family!.version === 6 ? 'AAAA' : 'A';
  const still = other.result === 'ok' ? `; until then calls from here use it over ${theirs} only` : '';
  return {
    what: `${row.label}: ${RESULT_WORDS[row.result!]}${code}, while over ${theirs} (${other.family!.ip}) it ${verb}`,
    cause: `the ${server} ${verb} over ${theirs} but not over ${mine}: it may not listen on its ${mine} address ${row.family!.ip}, a firewall may block ${portWords(row)} over ${mine}, or this network's ${mine} does not reach it`,
    fix: `Make the ${server} listen on ${row.family!.ip} (coturn: listening-ip) and let ${portWords(row)} through over ${mine} on its firewall, or remove the ${record} record of ${row.host} if it should not serve ${mine}; if another network reaches it over ${mine}, this network's ${mine} is at fault${still}`,
  };
}

/** A name tested as written that has only IPv6 addresses, from a computer without IPv6. */
function onlyIpv6Problem(row: ServerTestRow, addresses: ServerAddresses | null): IceProblem | null {
  const found = addressesFor(addresses, row.host);
  if (row.family || !addresses || addresses.hasIpv6 || !found || found.addresses.length === 0) return null;
  if (found.addresses.some((a) => a.family === 4) || row.status !== 'done' || answered(row)) return null;
  if (row.result === 'ok' || row.result === 'cancelled' || row.result === 'invalid') return null;
  return {
    what: `${row.label}: ${RESULT_WORDS[row.result!]}`,
    cause: `${row.host} has only IPv6 addresses (${found.addresses[0]!.address}) and this computer has no IPv6 address, so it cannot reach the server from here`,
    fix: `Give ${row.host} an IPv4 address (an A record) for people without IPv6, or connect this computer to a network with IPv6`,
  };
}

/** The family's own words for a failed row, or null when the general words (explainRow) fit. */
export function familyProblem(
  row: ServerTestRow,
  rows: readonly ServerTestRow[],
  addresses: ServerAddresses | null,
): IceProblem | null {
  const other = answeringSibling(row, rows);
  return other ? oneFamilyProblem(row, other) : onlyIpv6Problem(row, addresses);
}

/** The verdict's words for a row that fails only in its family, or null. */
export function familyShortFix(row: ServerTestRow, rows: readonly ServerTestRow[], name: string): string | null {
  const other = answeringSibling(row, rows);
  if (!other) return null;
  const mine = familyName(row.family!.version);
  return `${name} fails over ${mine} only (${other.result === 'ok' ? 'works' : 'answers'} over ${familyName(other.family!.version)}): the server may not listen on ${mine}, or this network's ${mine} does not reach it`;
}

/** "IPv6 not tested: …", only when this computer has no IPv6 and some server name has an IPv6 address. */
export function ipv6UntestedWords(addresses: ServerAddresses | null): string | null {
  const names = ipv6Untested(addresses);
  if (names.length === 0) return null;
  const shown =
    names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  return `IPv6 not tested: this computer has no IPv6 address (${shown} ${names.length === 1 ? 'has' : 'have'} one)`;
}

/** The report's line of what each name resolved to, from this computer. */
export function addressLines(run: Pick<ServerTestRun, 'addresses'>): string[] {
  const probe = run.addresses;
  if (probe.state === 'failed') return [`  Server addresses: not resolved (${probe.error}); URLs tested as written`];
  if (probe.state !== 'done' || probe.value.hosts.length === 0) return [];
  const names = probe.value.hosts.map((h) =>
    h.error ? h.error : `${h.host} ${h.addresses.map((a) => a.address).join(', ') || 'has no address'}`,
  );
  const ipv6 = probe.value.hasIpv6 ? 'this computer has IPv6' : 'this computer has no IPv6 address';
  return [`  Server addresses (${ipv6}): ${names.join('; ')}`];
}
