/**
 * "Test servers": proves each configured STUN/TURN URL works before a call
 * needs it, with the credentials a call would get. Rows fill in as results
 * arrive; the verdict on top says what works and what to open or fix.
 * Mounted in Settings and in the diagnostics panel; both show the same run.
 */
import { useEffect, useId, useState, type MouseEvent } from 'react';
import { addressesOf, RESULT_WORDS, type ServerTestRow, type ServerTestRun } from '../../../shared/ice-test';
import { certificateFor } from '../../../shared/ice-test-tls-words';
import { verdictOutcome, withProblems } from '../../../shared/ice-test-words';
import { relayPathWords } from '../../../shared/relay-path';
import type { TlsCertificateReport } from '../../../shared/tls-certificate';
import { tlsCertificateWords } from '../../../shared/tls-words';
import { cancelServerTest, startServerTest } from '../diagnostics/server-tester';
import { useStore } from '../store';
import { Icon } from './Icon';
import { ConnectionLadder } from './ConnectionLadder';
import { certificateLineId, certificatesOf, MainProcessProbes } from './MainProcessProbes';
import './server-tester.css';

const SOURCE_WORDS: Record<string, string> = {
  manual: 'the manual list',
  cloudflare: 'Cloudflare Realtime TURN',
  'shared-secret': 'the TURN shared secret',
  server: 'the signaling server',
  'stun-fallback': 'the STUN fallback',
};

function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** 1.25 s with one decimal while it counts, 8 s without when it is whole. */
function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function ResultCell({ row }: { row: ServerTestRow }) {
  if (row.status === 'waiting') return <span className="st-result st-waiting">Waiting for a free slot</span>;
  if (row.status === 'testing' && row.result === 'ok')
    return <span className="st-result st-testing">Relay allocated: measuring the path through it…</span>;
  if (row.status === 'testing') {
    const want = row.kind === 'stun' ? 'reflexive address' : 'relay allocation';
    return <span className="st-result st-testing">Testing… waiting for a {want}</span>;
  }
  const result = row.result ?? 'cancelled';
  return <span className={`st-result st-${result}`}>{RESULT_WORDS[result]}</span>;
}

/** A TLS row's link to its certificate's line below: moves the view and focus there. */
function CertificateLink({ report, id }: { report: TlsCertificateReport; id: string }) {
  const show = (event: MouseEvent) => {
    // The page's URL stays as it is: no fragment navigation inside the app.
    event.preventDefault();
    const line = document.getElementById(id);
    line?.scrollIntoView({ block: 'nearest' });
    line?.focus();
  };
  return (
    <a className="st-cert-link" href={`#${id}`} onClick={show}>
      Certificate: {tlsCertificateWords(report)}
    </a>
  );
}

function Row({
  row,
  certificate,
}: {
  row: ServerTestRow;
  certificate: { report: TlsCertificateReport; id: string } | null;
}) {
  return (
    <tbody className="st-group" data-testid="server-test-row" data-url={row.url} data-result={row.result ?? row.status}>
      <tr>
        <th scope="row">
          <span className="st-label">{row.label}</span>
          <span className="st-url">{row.url}</span>
          {certificate && <CertificateLink {...certificate} />}
        </th>
        <td>
          <ResultCell row={row} />
        </td>
        <td className="st-num" data-testid="first-candidate">
          {row.firstCandidateMs === null ? '—' : `${row.firstCandidateMs} ms`}
        </td>
        <td className="st-address" data-testid="address">
          {row.address ? `${row.address} (${row.kind === 'stun' ? 'reflexive' : 'relay'})` : '—'}
        </td>
        <td data-testid="error">{row.error ? `${row.error.code} ${row.error.text}` : '—'}</td>
      </tr>
      {row.path && (
        <tr className="st-path">
          <td
            colSpan={5}
            data-testid="relay-path"
            data-rtt-ms={row.path.rttMs ?? undefined}
            data-loss-pct={row.path.lossPct}
            data-pings={row.path.pings}
            data-throughput-kbps={row.path.throughputKbps ?? undefined}
          >
            {relayPathWords(row.path)}
          </td>
        </tr>
      )}
      {row.problem && (
        <tr className="st-problem">
          <td colSpan={5}>
            <strong>{row.problem.what}</strong>
            <span className="st-line">Likely cause: {row.problem.cause}.</span>
            <span className="st-line">Fix: {row.problem.fix}.</span>
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** One row per tested path; once the certificate check answers, a failing TLS row's cause is what it found. */
function ResultsTable({
  run,
  certificates,
  idPrefix,
}: {
  run: ServerTestRun;
  certificates: TlsCertificateReport[] | undefined;
  idPrefix: string;
}) {
  if (run.rows.length === 0) return null;
  const rows = certificates
    ? withProblems(run.rows, run.source, run.timeoutMs, certificates, addressesOf(run))
    : run.rows;
  const certificateOf = (row: ServerTestRow) => {
    const report = certificateFor(row, certificates);
    return report ? { report, id: certificateLineId(idPrefix, report) } : null;
  };
  return (
    <table className="st-table" aria-label="Server test results">
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Result</th>
          <th scope="col">First candidate</th>
          <th scope="col">Address</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      {rows.map((row) => (
        <Row key={row.id} row={row} certificate={certificateOf(row)} />
      ))}
    </table>
  );
}

export function ServerTester() {
  const run = useStore((s) => s.serverTest);
  const busy = run?.state === 'fetching' || run?.state === 'running';
  const now = useTick(busy);
  const done = run?.rows.filter((r) => r.status === 'done').length ?? 0;
  // A TURN row whose relay allocated is measuring the path through it (result known, not done yet).
  const measuring = run?.rows.filter((r) => r.status === 'testing' && r.result !== null).length ?? 0;
  const testing = (run?.rows.filter((r) => r.status === 'testing').length ?? 0) - measuring;
  const busyWords = `${done} of ${run?.rows.length ?? 0} done, ${testing} testing${measuring ? `, measuring ${measuring} relay path${measuring === 1 ? '' : 's'}` : ''}`;
  // Settings and the diagnostics panel may both show the tester: ids must not collide.
  const titleId = useId();
  const idPrefix = `st${titleId.replace(/[^A-Za-z0-9]/g, '')}`;

  return (
    <section className="server-tester" aria-labelledby={titleId}>
      <header className="st-header">
        <h2 id={titleId}>Server test</h2>
        <div className="st-actions">
          <button type="button" className="primary" onClick={() => void startServerTest()} disabled={busy}>
            <Icon name="play" />
            Test servers
          </button>
          {busy && (
            <button type="button" onClick={cancelServerTest}>
              Cancel
            </button>
          )}
        </div>
      </header>
      <p className="hint">
        Tests the saved settings with the credentials a call would get: each STUN URL should return this computer's
        public (reflexive) address, each TURN URL a relay under relay-only, per transport, and per address family (IPv4,
        IPv6) when a server's name has both and this computer has IPv6. A relay that allocates is then measured: round
        trip, jitter, loss and throughput through it and back. Waiting for a server stops after{' '}
        {seconds(run?.timeoutMs ?? 8000)}.
      </p>
      {run && (
        <>
          <p
            className={`st-verdict st-verdict-${verdictOutcome(run)}`}
            role="status"
            aria-live="polite"
            data-testid="server-test-verdict"
            data-state={run.state}
            data-outcome={verdictOutcome(run)}
          >
            {run.verdict}
          </p>
          <p className="st-progress" data-testid="server-test-progress">
            {busy
              ? `${run.state === 'fetching' ? 'Fetching credentials and server addresses' : busyWords}: ${seconds(now - run.startedAt)} elapsed`
              : `${run.state === 'done' ? 'Finished in' : run.state === 'cancelled' ? 'Cancelled after' : 'Stopped after'} ${seconds((run.finishedAt ?? run.startedAt) - run.startedAt)}${run.source ? `, credentials from ${SOURCE_WORDS[run.source] ?? run.source}` : ''}`}
          </p>
          {run.providerProblem && (
            <div className="error problem" role="alert">
              <strong>{run.providerProblem.what}</strong>
              <p>Likely cause: {run.providerProblem.cause}.</p>
              <p>Fix: {run.providerProblem.fix}.</p>
            </div>
          )}
          <ConnectionLadder run={run} />
          <ResultsTable run={run} certificates={certificatesOf(run)} idPrefix={idPrefix} />
          <MainProcessProbes run={run} idPrefix={idPrefix} />
        </>
      )}
    </section>
  );
}
