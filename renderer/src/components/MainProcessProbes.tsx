/**
 * The part of "Test servers" only the main process can measure (issue 18): the
 * NAT's behaviour over UDP and each `turns:` server's certificate, asked over
 * IPC when a run starts and said in words from shared/. Without a main process
 * (a page with no bridge) it says so instead of guessing.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../shared/error-message';
import type { NatBehaviour } from '../../../shared/nat-behaviour';
import { natWords } from '../../../shared/nat-words';
import type { TlsCertificateReport } from '../../../shared/tls-certificate';
import { tlsCertificateProblem, tlsCertificateSummary } from '../../../shared/tls-words';
import { optionalBridge } from '../bridge';

export type Probe<T> = { state: 'running' } | { state: 'done'; value: T } | { state: 'failed'; error: string };
type TlsProbe = Probe<{ certificates: TlsCertificateReport[] }>;

/** The id of the certificate line for a host and port: what a TLS row's link points at. */
export function certificateLineId(prefix: string, report: Pick<TlsCertificateReport, 'host' | 'port'>): string {
  return `${prefix}-cert-${report.host.replace(/[^A-Za-z0-9]/g, '-')}-${report.port}`;
}

function useProbe<T>(runId: number | null, ask: (() => Promise<T>) | null): Probe<T> | null {
  // The answer is kept with the run it belongs to: a newer run reads as running until its own arrives.
  const [answer, setAnswer] = useState<{ runId: number; probe: Probe<T> } | null>(null);
  useEffect(() => {
    if (!ask || runId === null) return;
    let live = true;
    ask().then(
      (value) => live && setAnswer({ runId, probe: { state: 'done', value } }),
      (error: unknown) => live && setAnswer({ runId, probe: { state: 'failed', error: errorMessage(error) } }),
    );
    return () => {
      live = false;
    };
    // A new run asks again; `ask` is rebuilt on every render and must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  if (!ask || runId === null) return null;
  return answer?.runId === runId ? answer.probe : { state: 'running' };
}

function NatSection({ probe }: { probe: Probe<NatBehaviour> | null }) {
  if (!probe) return null;
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

function TlsSection({ probe, idPrefix }: { probe: TlsProbe | null; idPrefix: string }) {
  if (!probe) return null;
  if (probe.state === 'running') return <p className="st-progress">Checking TURN-over-TLS certificates…</p>;
  if (probe.state === 'failed') return <p className="error">The certificate check could not run: {probe.error}</p>;
  if (probe.value.certificates.length === 0)
    return <p className="hint">The servers in use have no turns: URL, so there is no certificate to check.</p>;
  return (
    <ul className="st-tls" aria-label="TURN over TLS certificates">
      {probe.value.certificates.map((report) => {
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

export interface MainProcessAnswers {
  /** False in a page with no main process behind it. */
  available: boolean;
  nat: Probe<NatBehaviour> | null;
  tls: TlsProbe | null;
}

/** Asks the main process for the NAT behaviour and the certificates once per run (none before the first). */
export function useMainProcessProbes(runId: number | null): MainProcessAnswers {
  const api = optionalBridge();
  const nat = useProbe(runId, api ? () => api.probeNat() : null);
  const tls = useProbe(runId, api ? () => api.checkTlsCertificates() : null);
  return { available: api !== null, nat, tls };
}

/** The certificates the check has found so far (none while it runs or when it failed). */
export const certificatesOf = (answers: MainProcessAnswers): TlsCertificateReport[] | undefined =>
  answers.tls?.state === 'done' ? answers.tls.value.certificates : undefined;

export function MainProcessProbes({ answers, idPrefix }: { answers: MainProcessAnswers; idPrefix: string }) {
  if (!answers.available)
    return <p className="hint">NAT and certificate tests need the desktop app (no main process here).</p>;
  return (
    <section className="st-main-probes" aria-label="Network and certificates">
      <h3>Your network’s NAT</h3>
      <NatSection probe={answers.nat} />
      <h3>TURN over TLS certificates</h3>
      <TlsSection probe={answers.tls} idPrefix={idPrefix} />
    </section>
  );
}
