/**
 * The words of the ICE server tester: for each failed row what failed, the
 * likely cause and the fix, and the one-line verdict on top, in the tone of
 * the seed guide's troubleshooting table ("open UDP 3478 or use turns: on
 * TCP 5349"). Pure, so every sentence is unit-tested.
 */
import type { IceProblem } from './ice/ice-types';
import { certificateFor, explainTlsRow, type TlsRowContext } from './ice-test-tls-words';
import { relayPathWords } from './relay-path';
import {
  addressLines,
  failsInOneFamily,
  familyProblem,
  familyShortFix,
  ipv6UntestedWords,
} from './ice-test-family-words';
import type { ServerAddresses } from './server-addresses';
import type { TlsCertificateReport } from './tls-certificate';
import {
  RESULT_WORDS,
  type ServerTestResult,
  type ServerTestRow,
  type ServerTestRun,
  type TestTransport,
} from './ice-test';

/** Where the credentials came from decides where a wrong one is fixed. */
const CREDENTIAL_FIX: Record<string, string> = {
  manual: "Re-enter this server's username and password in Settings → Manual servers",
  'shared-secret':
    "Copy the exact static-auth-secret (coturn) or secret (eturnal) from the TURN server into Settings → Shared secret, and check both computers' clocks (the username carries an expiry time)",
  cloudflare:
    'Create a new TURN key in the Cloudflare dashboard (Media → Realtime → TURN Server) and paste its API token into Settings',
  server:
    'Ask the signaling server operator to check TURN_SECRET (or the Cloudflare token) on the server against the TURN server',
};

function portWords(transport: TestTransport, port: number): string {
  return transport === 'udp' ? `UDP ${port}` : `TCP ${port}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** What went wrong with one finished row, or null when it passed or was not run. */
export function explainRow(
  row: ServerTestRow,
  context: { source: string | null; timeoutMs: number } & TlsRowContext,
): IceProblem | null {
  const where = `${row.host}:${row.port}`;
  const code = row.error ? ` (error ${row.error.code}: ${row.error.text})` : '';
  switch (row.result) {
    case 'no-data':
      return {
        what: `${row.label}: the relay was allocated, but no data got through it (${row.pathError ?? 'no answer'})`,
        cause: `the TURN server refuses to relay to its own relay addresses (coturn: denied-peer-ip or no-loopback-peers covering them), or a firewall blocks its relay port range`,
        fix: "Open the TURN server's relay port range (coturn: min-port to max-port) to UDP and allow its relay addresses as peers, then test again",
      };
    case 'auth-failed':
      return {
        what: `${row.label}: authentication failed${code}`,
        cause:
          'the TURN server refused the username and password a call would use: the secret or password does not match the server, or the credentials expired',
        fix: CREDENTIAL_FIX[context.source ?? ''] ?? 'Check the TURN credentials in Settings, then test again',
      };
    case 'unreachable':
      if (row.transport === 'tls') return explainTlsRow(row, context);
      if (/lookup/i.test(row.error?.text ?? '')) {
        return {
          what: `${row.label}: unreachable${code}`,
          cause: `the host name ${row.host} did not resolve: it is misspelt, or this network's DNS cannot see it (offline, split DNS, a captive portal)`,
          fix: 'Check the host name in the URL and that this computer can resolve it; an IP address avoids DNS but not certificates (turns: needs the name)',
        };
      }
      return {
        what: `${row.label}: unreachable${code}`,
        cause: `nothing answers on ${portWords(row.transport, row.port)} at ${row.host}: the server is down, the host or port is wrong, or a firewall blocks it`,
        fix: `Check the URL and that the TURN server runs; open ${portWords(row.transport, row.port)} on its firewall, or use turns: on TCP 443`,
      };
    case 'timed-out':
      return {
        what: `${row.label}: timed out: no ${row.kind === 'stun' ? 'reflexive' : 'relay'} candidate within ${seconds(context.timeoutMs)}`,
        cause:
          row.transport === 'udp'
            ? `no answer from ${where}: a firewall dropping UDP ${row.port} looks exactly like this (UDP gets no refusal), or the server is down or the address wrong`
            : `the connection to ${where} hung: a firewall silently dropping TCP ${row.port}, or an overloaded server`,
        fix:
          row.kind === 'stun'
            ? `Open UDP ${row.port} to the STUN server or remove it from the list; calls still try the other servers`
            : `Open ${portWords(row.transport, row.port)} to the TURN server, or use turns: on TCP 443`,
      };
    case 'no-candidate':
      if (row.kind === 'stun' && !row.error) {
        return {
          what: `${row.label}: no reflexive candidate`,
          cause: `gathering finished in ${seconds(row.elapsedMs ?? 0)} with no error, so the server most likely answered; but Chromium keeps no reflexive candidate when the address the server saw equals this computer's own, which means there is no NAT between them (same machine or LAN)`,
          fix: 'Nothing to fix for calls on this network; to check what the server reports from behind a NAT, test from a computer on another network',
        };
      }
      return {
        what: `${row.label}: no ${row.kind === 'stun' ? 'reflexive' : 'relay'} candidate${code}`,
        cause: row.error
          ? `the server refused the request (${row.error.text}): it may be out of allocations or capacity, or forbid this client`
          : 'the server answered without giving an address, or the browser skipped this server',
        fix: 'Check the TURN server log for this client, its allocation quota and its allowed peers, then test again',
      };
    case 'invalid':
      return {
        what: `"${row.url}" is not a STUN/TURN URL`,
        cause: 'the ICE provider returned a URL this app cannot test',
        fix: 'Use stun:host:port, turn:host:port or turns:host:port, optionally with ?transport=udp or ?transport=tcp',
      };
    default:
      return null;
  }
}

/** "TURN over UDP 3478", "TURN over TLS 5349", "STUN h:3478 (IPv6)": how the verdict names a row. */
function shortName(row: ServerTestRow, withFamily = true): string {
  const family = row.family && withFamily ? ` (IPv${row.family.version})` : '';
  return `${row.kind === 'stun' ? `STUN ${row.host}:${row.port}` : `TURN over ${row.transport.toUpperCase()} ${row.port}`}${family}`;
}

function shortFix(row: ServerTestRow): string {
  switch (row.result) {
    case 'auth-failed':
      return `${shortName(row)} refused the credentials (401): check the secret or password`;
    case 'unreachable':
      return row.transport === 'tls'
        ? `${shortName(row)} unreachable: open TCP ${row.port} or use 443, with a trusted certificate`
        : `${shortName(row)} unreachable: open ${portWords(row.transport, row.port)} or use turns: on 443`;
    case 'timed-out':
      return row.kind === 'stun'
        ? `${shortName(row)} timed out: open UDP ${row.port} or drop it`
        : `${shortName(row)} timed out: open ${portWords(row.transport, row.port)} or use turns: on 443`;
    case 'no-candidate':
      return row.kind === 'stun' && !row.error
        ? `${shortName(row)} answered but saw no NAT (no reflexive address)`
        : `${shortName(row)} gave no candidate`;
    case 'invalid':
      return `"${row.url}" is not a STUN/TURN URL`;
    case 'no-data':
      return `${shortName(row)} allocated a relay that carried no data: open its relay port range`;
    default:
      return shortName(row);
  }
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}

/** The one line on top of the table. */
export function buildVerdict(
  run: Pick<ServerTestRun, 'state' | 'rows' | 'providerProblem'> & Partial<Pick<ServerTestRun, 'addresses'>>,
): string {
  const { rows } = run;
  const untested = ipv6UntestedWords(run.addresses?.state === 'done' ? run.addresses.value : null);
  if (run.state === 'fetching') return 'Fetching the servers and credentials a call would use, and their addresses…';
  if (run.state === 'failed')
    return run.providerProblem ? `Could not test: ${run.providerProblem.what}` : 'Could not test the servers';
  if (rows.length === 0 && run.providerProblem)
    return `${run.providerProblem.what}: nothing to test (no STUN servers to fall back to)`;
  if (rows.length === 0)
    return 'No STUN or TURN servers are configured: add them in Settings, or calls only work on the same network';
  const done = rows.filter((r) => r.status === 'done' && r.result !== 'cancelled');
  if (run.state === 'running')
    return `Testing ${rows.length} server URL${rows.length === 1 ? '' : 's'}… ${done.length} of ${rows.length} done${untested ? `; ${untested}` : ''}`;

  const parts: string[] = [];
  const turnOk = [
    ...new Set(done.filter((r) => r.kind === 'turn' && r.result === 'ok').map((r) => r.transport.toUpperCase())),
  ];
  const anyTurn = rows.some((r) => r.kind === 'turn');
  if (turnOk.length > 0) parts.push(`TURN over ${list(turnOk)} work${turnOk.length === 1 ? 's' : ''}`);
  else if (anyTurn && done.some((r) => r.kind === 'turn'))
    parts.push('No TURN server works: calls behind strict NATs and firewalls will fail');
  const stunOk = done.filter((r) => r.kind === 'stun' && r.result === 'ok').length;
  if (stunOk > 0) parts.push(`STUN works (${stunOk} server${stunOk === 1 ? '' : 's'})`);
  if (!anyTurn && done.length > 0) parts.push('no TURN server is configured, so calls behind strict NATs may fail');

  // What blocks calls first (TURN before STUN, a clear refusal before silence); a STUN server that merely saw no NAT last.
  const order: ServerTestResult[] = ['auth-failed', 'no-data', 'unreachable', 'timed-out', 'invalid', 'no-candidate'];
  // A path that fails in one address family only comes after those that fail in every family.
  const severity = (r: ServerTestRow) =>
    (r.kind === 'turn' ? 0 : 20) + (failsInOneFamily(r, rows) ? 10 : 0) + order.indexOf(r.result ?? 'no-candidate');
  const failed = done.filter((r) => r.result !== 'ok').sort((a, b) => severity(a) - severity(b));
  // One line: the worst problem in words, the rest counted.
  const shown = failed.slice(0, 1).map((r) => familyShortFix(r, rows, shortName(r, false)) ?? shortFix(r));
  if (failed.length > 1) shown.push(`${failed.length - 1} more below`);
  parts.push(...shown);
  if (untested) parts.push(untested);
  if (run.providerProblem) parts.unshift(`${run.providerProblem.what}: tested the STUN fallback only`);
  const line = parts.join('; ');
  const sentence = line.charAt(0).toUpperCase() + line.slice(1);
  if (run.state === 'cancelled')
    return `Cancelled after ${done.length} of ${rows.length}${sentence ? `: ${sentence}` : ''}`;
  return sentence;
}

/** Plain-text lines for the diagnostics report: the verdict, then one line per row. */
export function formatServerTestReport(run: ServerTestRun): string[] {
  const lines = [
    `Server test (${new Date(run.startedAt).toISOString()}, credentials from ${run.source ?? 'unknown'}): ${run.verdict}`,
    ...addressLines(run),
  ];
  for (const row of run.rows) {
    const result = row.result ? RESULT_WORDS[row.result] : row.status;
    const first = row.firstCandidateMs === null ? '' : `, first candidate ${row.firstCandidateMs} ms`;
    const address = row.address ? `, ${row.kind === 'stun' ? 'reflexive' : 'relay'} ${row.address}` : '';
    const error = row.error ? `, error ${row.error.code} ${row.error.text}` : '';
    const path = row.path ? `; ${relayPathWords(row.path)}` : '';
    lines.push(`  ${row.url}: ${result}${first}${address}${error}${path}`);
  }
  return lines;
}

/** Some plain-TCP row to `host` passed and none failed, within one address family (or as written). */
function tcpWorksOn(host: string, rows: readonly ServerTestRow[]): boolean {
  const tcpToHost = rows.filter((r) => r.host === host && r.kind === 'turn' && r.transport === 'tcp');
  return [null, 4, 6].some((version) => {
    const inFamily = tcpToHost.filter((r) => (r.family?.version ?? null) === version);
    return (
      inFamily.some((r) => r.result === 'ok') &&
      !inFamily.some((r) => r.status === 'done' && r.result !== 'ok' && r.result !== 'cancelled')
    );
  });
}

/**
 * Every finished row with its problem filled in. A row that fails in one address family while the
 * other answers says so (ice-test-family-words.ts). TLS rows learn whether plain TCP works on the
 * same host, and their certificate line once the check has one.
 */
export function withProblems(
  rows: readonly ServerTestRow[],
  source: string | null,
  timeoutMs: number,
  certificates?: readonly TlsCertificateReport[],
  addresses: ServerAddresses | null = null,
): ServerTestRow[] {
  return rows.map((row) => {
    if (row.status !== 'done') return row;
    const certificate = certificateFor(row, certificates);
    const context = { source, timeoutMs, tcpWorksOnHost: tcpWorksOn(row.host, rows), certificate };
    return { ...row, problem: familyProblem(row, rows, addresses) ?? explainRow(row, context) };
  });
}

/** How a run's verdict should look: pending while it runs, then ok, partly working, failed or cancelled. */
export type VerdictOutcome = 'pending' | 'ok' | 'partial' | 'failed' | 'cancelled';

export function verdictOutcome(run: Pick<ServerTestRun, 'state' | 'rows' | 'providerProblem'>): VerdictOutcome {
  if (run.state === 'fetching' || run.state === 'running') return 'pending';
  if (run.state === 'cancelled') return 'cancelled';
  if (run.state === 'failed') return 'failed';
  const done = run.rows.filter((r) => r.status === 'done' && r.result !== 'cancelled');
  const ok = done.filter((r) => r.result === 'ok');
  const turnConfigured = run.rows.some((r) => r.kind === 'turn');
  const turnOk = ok.some((r) => r.kind === 'turn');
  if (done.length === 0 || ok.length === 0) return 'failed';
  // Calls through strict NATs need TURN: a run where no TURN server works is a failure even if STUN does.
  if (turnConfigured && !turnOk) return 'failed';
  return ok.length === done.length && !run.providerProblem && turnConfigured ? 'ok' : 'partial';
}
