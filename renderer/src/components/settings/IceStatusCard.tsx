/**
 * The provider status card: where the servers came from, when they were
 * fetched, a live countdown to expiry, the next refresh, and the last error
 * with its fix. "Fetch now" refreshes; "Check TURN" tries a relay allocation.
 */
import { useEffect, useState } from 'react';
import type { IceProblem } from '../../../../shared/ice/ice-types';
import type { IceStatus } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
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

function Problem({ problem }: { problem: IceProblem }) {
  return (
    <div className="error problem" role="alert">
      <strong>{problem.what}</strong>
      <p>Likely cause: {problem.cause}.</p>
      <p>Fix: {problem.fix}.</p>
    </div>
  );
}

export function IceStatusCard({
  status,
  onStatus,
}: {
  status: IceStatus | null;
  onStatus: (status: IceStatus) => void;
}) {
  const now = useNow();
  const [busy, setBusy] = useState<'fetch' | 'check' | null>(null);
  // A check speaks for the servers it was made with (their fetch time): newer servers make it stale.
  const [check, setCheck] = useState<{
    ok: boolean;
    text: string;
    problem?: IceProblem;
    fetchedAt: number | null;
  } | null>(null);

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

  const expiresIn = status?.expiresAt ? (status.expiresAt - now) / 1000 : null;
  return (
    <section className="status-card" aria-label="ICE provider status">
      <h2>Provider status</h2>
      {!status ? (
        <p className="hint">Loading…</p>
      ) : (
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
          <dd>
            {status.refreshAt ? `in ${formatDuration((status.refreshAt - now) / 1000)} (half the lifetime)` : '—'}
          </dd>
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
      )}
      {status?.lastError && <Problem problem={status.lastError} />}
      <div className="card-actions">
        <button type="button" onClick={() => void fetchNow()} disabled={busy !== null}>
          {busy === 'fetch' ? 'Fetching…' : 'Fetch now'}
        </button>
        <button type="button" onClick={() => void checkNow()} disabled={busy !== null}>
          {busy === 'check' ? 'Checking TURN…' : 'Check TURN'}
        </button>
      </div>
      {check && check.fetchedAt !== (status?.lastFetchAt ?? null) && (
        <p className="hint" data-testid="turn-check-stale">
          The last TURN check was made with servers that have been replaced since: press Check TURN again.
        </p>
      )}
      {check &&
        check.fetchedAt === (status?.lastFetchAt ?? null) &&
        (check.ok ? (
          <p className="ok" role="status">
            {check.text}
          </p>
        ) : (
          check.problem && <Problem problem={check.problem} />
        ))}
    </section>
  );
}
