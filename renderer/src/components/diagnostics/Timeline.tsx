/** Every change of pair and of ICE, DTLS, connection and gathering state, with times. */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { clock, since } from './format';

export function Timeline({ d }: { d: PeerDiagnostics }) {
  const events = [...d.timeline].reverse().slice(0, 80);
  return (
    <section className="diag-card" aria-label="Timeline">
      <h3>Timeline</h3>
      {/* It scrolls: focusable so a keyboard can scroll it too. */}
      <ol className="timeline" tabIndex={0} aria-label="Timeline events, newest first">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`} className={`tl-${e.kind}`}>
            <time dateTime={new Date(e.at).toISOString()} title={clock(e.at)}>
              {since(e.at, d.startedAt)}
            </time>
            <span className="tl-kind">{e.kind}</span>
            <span>{e.value}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
