/**
 * The part of "Test servers" only the main process can measure (issue 18): the
 * NAT's behaviour over UDP and each `turns:` server's certificate, asked over
 * IPC when a run starts (server-test-probes.ts, into the run) and said in words
 * from shared/. Without a main process (a page with no bridge) it says so.
 */
import type { CertificatesProbe, NatProbe } from '../../../shared/connection-probes';
import type { ServerTestRun } from '../../../shared/ice-test';
import { natWords } from '../../../shared/nat-words';
import type { TlsCertificateReport } from '../../../shared/tls-certificate';
import { tlsCertificateProblem, tlsCertificateSummary } from '../../../shared/tls-words';

/** The id of the certificate line for a host and port: what a TLS row's link points at. */
export function certificateLineId(prefix: string, report: Pick<TlsCertificateReport, 'host' | 'port'>): string {
  return `${prefix}-cert-${report.host.replace(/[^A-Za-z0-9]/g, '-')}-${report.port}`;
}

function NatSection({ probe }: { probe: NatProbe }) {
  if (probe.state === 'unavailable') return null;
  if (probe.state === 'running') return <p className="st-progress">Measuring your network’s NAT over UDP…</p>;
  if (probe.state === 'failed') return <p className="error">The NAT test could not run: {probe.error}</p>;
  const words = natWords(probe.value);
  return (
    <div className="st-nat" data-testid="nat-behaviour" data-verdict={probe.value.verdict}>
      <p className="st-verdict">{words.headline}</p>
      <ul>
        {words.details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function TlsSection({ probe, idPrefix }: { probe: CertificatesProbe; idPrefix: string }) {
  if (probe.state === 'unavailable') return null;
  if (probe.state === 'running') return <p className="st-progress">Checking TURN-over-TLS certificates…</p>;
  if (probe.state === 'failed') return <p className="error">The certificate check could not run: {probe.error}</p>;
  if (probe.value.length === 0)
    return <p className="hint">The servers in use have no turns: URL, so there is no certificate to check.</p>;
  return (
    <ul className="st-tls" aria-label="TURN over TLS certificates">
      {probe.value.map((report) => {
        const problem = tlsCertificateProblem(report);
        return (
          <li
            key={report.url}
            id={certificateLineId(idPrefix, report)}
            tabIndex={-1}
            data-testid="tls-certificate"
            data-status={report.status}
          >
            <strong>
              {report.host}:{report.port}
            </strong>
            : {tlsCertificateSummary(report)}
            {problem && (
              <span className="st-line">
                Likely cause: {problem.cause}. Fix: {problem.fix}.
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The certificates the check has found (none while it runs or when it failed). */
export const certificatesOf = (run: Pick<ServerTestRun, 'certificates'>): TlsCertificateReport[] | undefined =>
  run.certificates.state === 'done' ? run.certificates.value : undefined;

export function MainProcessProbes({ run, idPrefix }: { run: ServerTestRun; idPrefix: string }) {
  if (run.nat.state === 'unavailable')
    return <p className="hint">NAT and certificate tests need the desktop app (no main process here).</p>;
  return (
    <section className="st-main-probes" aria-label="Network and certificates">
      <h3>Your network’s NAT</h3>
      <NatSection probe={run.nat} />
      <h3>TURN over TLS certificates</h3>
      <TlsSection probe={run.certificates} idPrefix={idPrefix} />
    </section>
  );
}
