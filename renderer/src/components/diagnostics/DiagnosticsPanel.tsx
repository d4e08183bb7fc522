/** The diagnostics panel: per remote peer, how the call is connected and how it is doing. */
import { useShallow } from 'zustand/react/shallow';
import { selectHintSettings, useStore } from '../../store';
import { CandidateTable } from './CandidateTable';
import { Graphs } from './Graphs';
import { HintsCard } from './HintsCard';
import { PathCard } from './PathCard';
import { ServerTester } from '../ServerTester';
import { ReportButtons } from './ReportButtons';
import { StreamsCard } from './StreamsCard';
import { Timeline } from './Timeline';
import './diagnostics.css';

export function DiagnosticsPanel() {
  const diagnostics = useStore((s) => s.diagnostics);
  const chosen = useStore((s) => s.diagnosticsPeer);
  const open = useStore((s) => s.openDiagnostics);
  const hintSettings = useStore(useShallow(selectHintSettings));
  const list = Object.values(diagnostics);
  const d = list.find((p) => p.peerId === chosen) ?? list.find((p) => p.state !== 'closed') ?? list[0];

  return (
    <aside className="diagnostics" aria-label="Diagnostics panel">
      <header className="diag-header">
        <h2>Diagnostics</h2>
        <div role="tablist" aria-label="Peer">
          {list.map((p) => (
            <button
              key={p.peerId}
              type="button"
              role="tab"
              aria-selected={p.peerId === d?.peerId}
              onClick={() => open(true, p.peerId)}
            >
              {p.name}
              {p.state === 'closed' ? ' (left)' : ''}
            </button>
          ))}
        </div>
        <button type="button" aria-label="Close diagnostics" onClick={() => open(false)}>
          ✕
        </button>
      </header>
      <ReportButtons />
      {!d && <p className="muted">Nobody else is in the call yet: diagnostics appear per person once they join.</p>}
      {d && (
        <div className="diag-body" role="tabpanel" aria-label={`Diagnostics for ${d.name}`}>
          <HintsCard d={d} settings={hintSettings} />
          <PathCard d={d} />
          <StreamsCard d={d} />
          <Graphs d={d} />
          <CandidateTable d={d} side="local" />
          <CandidateTable d={d} side="remote" />
          <Timeline d={d} />
        </div>
      )}
      <section className="diag-card" aria-label="ICE servers">
        <ServerTester />
      </section>
    </aside>
  );
}
