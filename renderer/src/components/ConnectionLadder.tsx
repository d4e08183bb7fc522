/**
 * The connection test's answer to "how will my calls go?" (issue 18): the ladder of ways a call
 * can take from here (shared/connection-ladder.ts) with the one calls will use marked, and the
 * TURN credentials' lifetime next to how long a call may last (shared/credential-words.ts).
 */
import { connectionLadder, ladderNat, type Rung, type RungState } from '../../../shared/connection-ladder';
import { credentialWords } from '../../../shared/credential-words';
import type { ServerTestRun } from '../../../shared/ice-test';
import { useStore } from '../store';

const STATE_WORDS: Record<RungState, string> = {
  works: 'works',
  likely: 'likely',
  unlikely: 'unlikely',
  fails: 'fails',
  'not-configured': 'not configured',
  testing: 'testing…',
  unknown: 'not known',
  off: 'off',
};

function RungItem({ rung, carrier }: { rung: Rung; carrier: boolean }) {
  return (
    <li
      className={`st-rung st-rung-${rung.state}${carrier ? ' st-rung-carrier' : ''}`}
      data-testid="ladder-rung"
      data-rung={rung.id}
      data-state={rung.state}
      aria-current={carrier ? 'step' : undefined}
    >
      <strong>{rung.name}</strong>
      <span className="st-rung-state">{STATE_WORDS[rung.state]}</span>
      {carrier && <span className="st-rung-tag">calls use this</span>}
      <span className="st-line">{rung.why}</span>
    </li>
  );
}

export function ConnectionLadder({ run }: { run: ServerTestRun }) {
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const ladder = connectionLadder({ rows: run.rows, nat: ladderNat(run), relayOnly });
  return (
    <section className="st-ladder" aria-label="How calls will go">
      <h3>How calls will go from here</h3>
      <p className="st-verdict" data-testid="ladder-headline" data-carrier={ladder.carrier ?? 'none'}>
        {ladder.headline}
      </p>
      {ladder.fix && (
        <p className="error" data-testid="ladder-fix">
          Fix: {ladder.fix}.
        </p>
      )}
      <ol className="st-rungs">
        {ladder.rungs.map((rung) => (
          <RungItem key={rung.id} rung={rung} carrier={rung.id === ladder.carrier} />
        ))}
      </ol>
      <CredentialsLine run={run} />
    </section>
  );
}

function CredentialsLine({ run }: { run: ServerTestRun }) {
  const probe = run.credentials;
  if (probe.state === 'unavailable') return null;
  if (probe.state === 'running')
    return run.state === 'cancelled' ? null : <p className="st-progress">Reading the credentials’ lifetime…</p>;
  if (probe.state === 'failed')
    return <p className="error">The credentials’ lifetime could not be read: {probe.error}</p>;
  const words = credentialWords(
    probe.value,
    run.rows.some((r) => r.kind === 'turn'),
  );
  return (
    <p
      className={`st-credentials st-credentials-${words.tone}`}
      data-testid="credential-lifetime"
      data-tone={words.tone}
    >
      {words.text}
    </p>
  );
}
