/** After hang-up: how the call went, per person, in one line each. */
import { summaryLine } from '../../../shared/report';
import { useStore } from '../store';

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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
