/**
 * The connection test's main-process answers and its ladder as plain-text report lines
 * (issue 18), after the server rows: support staff read the same sentences the screen shows.
 */
import { connectionLadder, ladderNat } from './connection-ladder';
import { credentialWords } from './credential-words';
import type { ServerTestRun } from './ice-test';
import { natWords } from './nat-words';
import { tlsCertificateSummary } from './tls-words';

const probeLine = (label: string, probe: ServerTestRun['nat']): string | null =>
  probe.state === 'failed'
    ? `${label}: could not run (${probe.error})`
    : probe.state === 'running'
      ? `${label}: no answer yet`
      : probe.state === 'unavailable'
        ? `${label}: not run (no main process)`
        : null;

export function connectionTestLines(run: ServerTestRun, relayOnly: boolean): string[] {
  const nat = run.nat.state === 'done' ? run.nat.value : null;
  const ladder = connectionLadder({ rows: run.rows, nat: ladderNat(run), relayOnly });
  const lines = [`How calls will go: ${ladder.headline}${ladder.fix ? `. Fix: ${ladder.fix}` : ''}`];
  for (const rung of ladder.rungs)
    lines.push(`  ${rung.name}: ${rung.state}${rung.id === ladder.carrier ? ' (calls use this)' : ''}: ${rung.why}`);
  if (nat) {
    const words = natWords(nat);
    lines.push(`NAT: ${words.headline} (${words.details.join('; ')})`);
  } else lines.push(probeLine('NAT', run.nat)!);
  if (run.certificates.state === 'done')
    for (const report of run.certificates.value)
      lines.push(`Certificate ${report.host}:${report.port}: ${tlsCertificateSummary(report)}`);
  else lines.push(probeLine('Certificates', run.certificates)!);
  if (run.credentials.state === 'done')
    lines.push(
      `Credentials: ${
        credentialWords(
          run.credentials.value,
          run.rows.some((r) => r.kind === 'turn'),
        ).text
      }`,
    );
  else lines.push(probeLine('Credentials', run.credentials)!);
  return lines;
}
