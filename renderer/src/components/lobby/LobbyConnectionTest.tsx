/**
 * The connection test where a person decides to join (issue 18): one button, then in one
 * sentence which way calls will go from this network (the same run and ladder as Settings →
 * Server test and the diagnostics panel show in full), and the fix when nothing gets through.
 */
import { connectionLadder, ladderNat } from '../../../../shared/connection-ladder';
import { cancelServerTest, startServerTest } from '../../diagnostics/server-tester';
import { useStore } from '../../store';
import './lobby-connection-test.css';

export function LobbyConnectionTest() {
  const run = useStore((s) => s.serverTest);
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const busy = run?.state === 'fetching' || run?.state === 'running';
  const done = run?.rows.filter((r) => r.status === 'done').length ?? 0;
  const ladder = run ? connectionLadder({ rows: run.rows, nat: ladderNat(run), relayOnly }) : null;
  const words = !run
    ? 'Checks which way calls can go from this network before you join: each STUN and TURN server, your NAT, and what a relay carries.'
    : busy
      ? `Testing… ${done} of ${run.rows.length} server paths done.`
      : run.state === 'cancelled'
        ? 'The connection test was cancelled.'
        : run.state === 'failed'
          ? run.verdict
          : ladder!.headline;
  return (
    <section className="lobby-connection-test" aria-label="Connection test">
      <div className="lct-head">
        <h2>Connection test</h2>
        {busy ? (
          <button type="button" onClick={cancelServerTest}>
            Cancel
          </button>
        ) : (
          <button type="button" onClick={() => void startServerTest()}>
            {run ? 'Test again' : 'Test connection'}
          </button>
        )}
      </div>
      <p
        role="status"
        data-testid="lobby-connection-test"
        data-carrier={run?.state === 'done' ? (ladder!.carrier ?? 'none') : undefined}
      >
        {words}
        {run?.state === 'done' && ladder!.fix && <span className="lct-fix"> Fix: {ladder!.fix}.</span>}
      </p>
      {run && !busy && <p className="hint">Every path, the NAT and the certificates: Settings → Server test.</p>}
    </section>
  );
}
