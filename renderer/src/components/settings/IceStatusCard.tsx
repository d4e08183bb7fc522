/**
 * The provider status card: where the servers came from, when they were
 * fetched, a live countdown to expiry, the next refresh, and the last error
 * with its fix. "Fetch now" refreshes; "Check TURN" tries a relay allocation.
 */
import { useEffect, useState } from 'react';
import type { IceProblem } from '../../../../shared/ice/ice-types';
import type { IceStatus } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
import { ProblemBox } from './ProblemBox';
import { checkTurn } from './turn-check';

const SOURCE_NAMES: Record<string, string> = {
  manual: 'Manual list',
  cloudflare: 'Cloudflare Realtime TURN',
  'shared-secret': 'TURN shared secret (minted here)',
  server: 'Signaling server (GET /ice)',
  'stun-fallback': 'STUN only (fallback after an error)',
};

/** 3725 s -> "1 h 02 min 05 s"; numbers always with units. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min ${String(rest).padStart(2, '0')} s`;
  if (m > 0) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A check speaks for the servers it was made with (their fetch time): newer servers make it stale. */
interface TurnCheck {
  ok: boolean;
  text: string;
  problem?: IceProblem;
  fetchedAt: number | null;
}

/** "Fetch now" and "Check TURN", one at a time, each ending with the status read again. */
function useStatusActions(onStatus: (status: IceStatus) => void) {
  const [busy, setBusy] = useState<'fetch' | 'check' | null>(null);
  const [check, setCheck] = useState<TurnCheck | null>(null);

  async function fetchNow() {
    setBusy('fetch');
    try {
      await bridge().refreshIce();
      onStatus(await bridge().iceStatus());
    } finally {
      setBusy(null);
    }
  }

  async function checkNow() {
    setBusy('check');
    setCheck(null);
    try {
      const config = await bridge().getIce();
      const result = await checkTurn(config.iceServers);
      const fetchedAt = config.fetchedAt ?? null;
      setCheck(
        result.ok
          ? {
              ok: true,
              text: `TURN works: ${result.relays} relay candidate${result.relays === 1 ? '' : 's'} allocated`,
              fetchedAt,
            }
          : { ok: false, text: result.problem.what, problem: result.problem, fetchedAt },
      );
      onStatus(await bridge().iceStatus());
    } finally {
      setBusy(null);
    }
  }

  return { busy, check, fetchNow, checkNow };
}

function StatusList({ status, now }: { status: IceStatus; now: number }) {
  const expiresIn = status.expiresAt ? (status.expiresAt - now) / 1000 : null;
  return (
    <dl>
      <dt>Mode</dt>
      <dd>{status.mode}</dd>
      <dt>Source</dt>
      <dd data-testid="ice-source">
        {status.source ? (SOURCE_NAMES[status.source] ?? status.source) : 'Not fetched yet'}
      </dd>
      <dt>Last fetch</dt>
      <dd data-testid="ice-last-fetch">
        {status.lastFetchAt
          ? `${new Date(status.lastFetchAt).toLocaleTimeString()} (${formatDuration((now - status.lastFetchAt) / 1000)} ago)`
          : 'Never'}
      </dd>
      <dt>Expires in</dt>
      <dd data-testid="ice-expires-in" className={expiresIn !== null && expiresIn < 60 ? 'soon' : ''}>
        {expiresIn === null ? 'Does not expire' : expiresIn > 0 ? formatDuration(expiresIn) : 'Expired'}
      </dd>
      <dt>Next refresh</dt>
      <dd>{status.refreshAt ? `in ${formatDuration((status.refreshAt - now) / 1000)} (half the lifetime)` : '—'}</dd>
      <dt>Lifetime</dt>
      <dd>{status.ttlSeconds ? formatDuration(status.ttlSeconds) : '—'}</dd>
      <dt>Refreshes</dt>
      <dd data-testid="ice-refresh-count">{status.refreshCount}</dd>
      <dt>Servers</dt>
      <dd>
        {status.urls.length ? (
          <ul className="urls">
            {status.urls.map((url) => (
              <li key={url}>{url}</li>
            ))}
          </ul>
        ) : (
          'None'
        )}
      </dd>
    </dl>
  );
}

/** The last TURN check, or that it was made with servers replaced since. */
function CheckResult({ check, lastFetchAt }: { check: TurnCheck | null; lastFetchAt: number | null }) {
  if (!check) return null;
  if (check.fetchedAt !== lastFetchAt) {
    return (
      <p className="hint" data-testid="turn-check-stale">
        The last TURN check was made with servers that have been replaced since: press Check TURN again.
      </p>
    );
  }
  if (check.ok) {
    return (
      <p className="ok" role="status">
        {check.text}
      </p>
    );
  }
  return check.problem ? <ProblemBox problem={check.problem} /> : null;
}

export function IceStatusCard({
  status,
  onStatus,
}: {
  status: IceStatus | null;
  onStatus: (status: IceStatus) => void;
}) {
  const now = useNow();
  const { busy, check, fetchNow, checkNow } = useStatusActions(onStatus);
  return (
    <section className="status-card" aria-label="ICE provider status">
      <h2>Provider status</h2>
      {!status ? <p className="hint">Loading…</p> : <StatusList status={status} now={now} />}
      {status?.lastError && <ProblemBox problem={status.lastError} />}
      <div className="card-actions">
        <button type="button" onClick={() => void fetchNow()} disabled={busy !== null}>
          {busy === 'fetch' ? 'Fetching…' : 'Fetch now'}
        </button>
        <button type="button" onClick={() => void checkNow()} disabled={busy !== null}>
          {busy === 'check' ? 'Checking TURN…' : 'Check TURN'}
        </button>
      </div>
      <CheckResult check={check} lastFetchAt={status?.lastFetchAt ?? null} />
    </section>
  );
}
