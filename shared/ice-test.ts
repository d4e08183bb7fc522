/**
 * The ICE server tester's pure half: the shape of a result row and a run, and
 * how what the browser saw while gathering becomes a result. Which tests a
 * server list calls for is in shared/ice-test-plan.ts. The browser half
 * lives in renderer/src/diagnostics/; the words in shared/ice-test-words.ts.
 */
import { z } from 'zod';
import { certificatesProbeSchema, credentialsProbeSchema, natProbeSchema } from './connection-probes';
import { relayPathFiguresSchema } from './relay-path';
import type { IceServer } from './ice/ice-types';
import { serverAddressesSchema, type ServerAddresses } from './server-addresses';

/** How long one test may take: under the issue's ~10 s per server, whatever fails. */
export const SERVER_TEST_TIMEOUT_MS = 8_000;
/** How many peer connections gather at once; more rows wait their turn. */
export const SERVER_TEST_CONCURRENCY = 8;

export const testKindSchema = z.enum(['stun', 'turn']);
export const testTransportSchema = z.enum(['udp', 'tcp', 'tls']);
export type TestKind = z.infer<typeof testKindSchema>;
export type TestTransport = z.infer<typeof testTransportSchema>;

export const serverTestResultSchema = z.enum([
  'ok',
  'auth-failed',
  'unreachable',
  'timed-out',
  'no-candidate',
  'cancelled',
  'invalid',
  'no-data',
]);
export type ServerTestResult = z.infer<typeof serverTestResultSchema>;

/** The words a person (and a test) reads for each result. */
export const RESULT_WORDS: Record<ServerTestResult, string> = {
  ok: 'ok',
  'auth-failed': 'authentication failed',
  unreachable: 'unreachable',
  'timed-out': 'timed out',
  'no-candidate': 'no candidate',
  cancelled: 'cancelled',
  invalid: 'not a STUN/TURN URL',
  'no-data': 'relay allocated, but no data got through it',
};

const problemSchema = z.object({ what: z.string(), cause: z.string(), fix: z.string() });

/** One row of the tester: what was tested and, once done, what came of it. No credentials. */
export const serverTestRowSchema = z.object({
  id: z.string(),
  /** The URL as tested (TURN URLs carry the transport). */
  url: z.string(),
  /** The URL as configured, when it differs (a TURN URL without ?transport becomes two rows). */
  configuredUrl: z.string(),
  kind: testKindSchema,
  transport: testTransportSchema,
  host: z.string(),
  port: z.number().int(),
  /** "TURN over UDP 127.0.0.1:3478"; a row of one family adds it: "… turn.example.org:3478 (IPv6 2001:db8::1)". */
  label: z.string(),
  /**
   * Set when the host name has IPv4 and IPv6 addresses and this row tests one family, at `ip` (in the
   * URL instead of the name); rows of one URL, transport and credentials share `group`. Null: as written.
   */
  family: z.object({ version: z.union([z.literal(4), z.literal(6)]), ip: z.string(), group: z.string() }).nullable(),
  status: z.enum(['waiting', 'testing', 'done']),
  result: serverTestResultSchema.nullable(),
  /** ms from the start of gathering to the first candidate of the wanted type. */
  firstCandidateMs: z.number().nullable(),
  /** The relay (TURN) or server-reflexive (STUN) address, host:port. */
  address: z.string().nullable(),
  /** The most telling icecandidateerror (401 = credentials, 701 = unreachable). */
  error: z.object({ code: z.number().int(), text: z.string() }).nullable(),
  /** ms from the start of this test to its result. */
  elapsedMs: z.number().nullable(),
  /** Why it failed and what to do; for a pass, null. */
  problem: problemSchema.nullable(),
  /** TURN: what the path through this relay carried (relay-path-probe.ts); null until measured or when it failed. */
  path: relayPathFiguresSchema.nullable(),
  /** TURN: why no data got through a relay that allocated (result 'no-data'). */
  pathError: z.string().nullable(),
});
export type ServerTestRow = z.infer<typeof serverTestRowSchema>;

/** A whole run, as the store keeps it and the diagnostics report exports it. */
export const serverTestRunSchema = z.object({
  id: z.number().int(),
  state: z.enum(['fetching', 'running', 'done', 'cancelled', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Where the servers and credentials came from (ice:get's source). */
  source: z.string().nullable(),
  /** The provider's error when it fell back to STUN, or why the run could not start. */
  providerProblem: problemSchema.nullable(),
  timeoutMs: z.number().int(),
  rows: z.array(serverTestRowSchema),
  verdict: z.string(),
  /** The servers' names resolved by the main process (`servers:resolve`), asked before the rows are planned. */
  addresses: z.discriminatedUnion('state', [
    z.object({ state: z.literal('running') }),
    z.object({ state: z.literal('done'), value: serverAddressesSchema }),
    z.object({ state: z.literal('failed'), error: z.string() }),
    z.object({ state: z.literal('unavailable') }),
  ]),
  /** What only the main process can measure, asked once per run. */
  nat: natProbeSchema,
  certificates: certificatesProbeSchema,
  credentials: credentialsProbeSchema,
});
export type ServerTestRun = z.infer<typeof serverTestRunSchema>;

/** One test to run: a row plus the single-URL RTCIceServer (with credentials) it uses. */
export interface ServerTestTarget {
  row: ServerTestRow;
  server: IceServer;
}

export type AddressesProbe = ServerTestRun['addresses'];

/** The main process's answer in a run, or null when it has none (not asked, failed, no main process). */
export function addressesOf(run: Pick<ServerTestRun, 'addresses'>): ServerAddresses | null {
  return run.addresses.state === 'done' ? run.addresses.value : null;
}

/** What the browser reported while one test gathered, in plain data. */
export interface GatherObservation {
  candidates: { type: string; address: string | null; port: number | null; atMs: number }[];
  errors: { code: number; text: string; url: string; atMs: number }[];
  /** ms when gathering completed (the null candidate), if it did before the deadline. */
  completeAtMs: number | null;
  /** ms when the test stopped: first wanted candidate, completion, deadline or cancel. */
  endedAtMs: number;
  cancelled: boolean;
}

function formatAddress(address: string | null, port: number | null): string | null {
  if (!address) return null;
  const host = address.includes(':') ? `[${address}]` : address;
  return port === null ? host : `${host}:${port}`;
}

/**
 * The error that explains a failure best. Chromium also sends a STUN binding
 * to a TURN server's address and reports its timeout under a stun: URL, so
 * errors for this row's own URL come first, then credentials, then the rest.
 */
export function telling(errors: GatherObservation['errors'], url: string): GatherObservation['errors'][number] | null {
  const rank = (e: GatherObservation['errors'][number]) => (e.url === url ? 0 : 2) + (e.code === 401 ? 0 : 1);
  return [...errors].sort((a, b) => rank(a) - rank(b) || a.atMs - b.atMs)[0] ?? null;
}

/** A row's result from what was seen: the wanted candidate wins, then the error codes, then the clock. */
export function classify(
  row: ServerTestRow,
  seen: GatherObservation,
): Pick<ServerTestRow, 'result' | 'firstCandidateMs' | 'address' | 'error' | 'elapsedMs'> {
  const wanted = row.kind === 'stun' ? 'srflx' : 'relay';
  const hit = seen.candidates.find((c) => c.type === wanted);
  const error = telling(seen.errors, row.url);
  const base = {
    elapsedMs: Math.round(seen.endedAtMs),
    error: error ? { code: error.code, text: error.text.trim() } : null,
  };
  if (hit)
    return {
      ...base,
      result: 'ok',
      firstCandidateMs: Math.round(hit.atMs),
      address: formatAddress(hit.address, hit.port),
    };
  const none = { firstCandidateMs: null, address: null };
  if (seen.cancelled) return { ...base, ...none, result: 'cancelled' };
  if (error?.code === 401) return { ...base, ...none, result: 'auth-failed' };
  if (error && error.code >= 700) return { ...base, ...none, result: 'unreachable' };
  if (error) return { ...base, ...none, result: 'no-candidate' };
  return { ...base, ...none, result: seen.completeAtMs === null ? 'timed-out' : 'no-candidate' };
}
