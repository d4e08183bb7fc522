/**
 * After hang-up: how the call went, per person, in one line each, and where the setup time
 * went (each phase's number marked up with <data value>, which the benchmark reads).
 */
import { summaryLine, type CallSummary } from '../../../shared/report';
import { setupWords } from '../../../shared/setup-words';
import { useStore } from '../store';

function SetupLine({ summary }: { summary: CallSummary }) {
  return summary.setups.map((p) => {
    const words = setupWords(p, summary.peer);
    return (
      <p key={p.session} className="last-call-setup" data-setup-kind={p.kind} data-total-ms={p.totalMs ?? undefined}>
        {words.lead}
        {words.parts.map((part, i) => (
          <span key={part.phase}>
            {i > 0 && ', '}
            {part.ms === null ? (
              part.text
            ) : (
              <data value={Math.round(part.ms)} data-phase={part.phase}>
                {part.text}
              </data>
            )}
          </span>
        ))}
        {words.tail}
      </p>
    );
  });
}

export function LastCallCard() {
  const last = useStore((s) => s.lastCall);
  if (!last) return null;
  return (
    <section className="last-call" aria-label="Last call">
      <h2>
        Last call in “{last.room}”, ended {new Date(last.endedAt).toLocaleTimeString([], { hour12: false })}
      </h2>
      {last.summaries.length === 0 ? (
        <p>Nobody else joined.</p>
      ) : (
        <ul>
          {last.summaries.map((s, i) => (
            <li key={`${s.peer}-${i}`} data-outcome={s.outcome}>
              {summaryLine(s)}
              <SetupLine summary={s} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
