/**
 * The in-app screen picker: the main process pushes the screens and windows of
 * one getDisplayMedia request (`screen:picker`), the person chooses one or
 * cancels, and the answer goes back over `screen:choose`. Escape cancels.
 * Where the OS has its own picker (macOS) or the page is a browser tab, this never opens.
 */
import { useEffect, useState } from 'react';
import { screenPickerEventSchema, type ScreenPickerEvent, type ScreenSource } from '../../../shared/ipc';
import { errorMessage } from '../../../shared/error-message';
import { optionalBridge } from '../bridge';
import { ModalDialog } from './settings/ModalDialog';
import './screen-picker.css';

type OpenPick = Extract<ScreenPickerEvent, { type: 'open' }>;

export function ScreenPicker() {
  const [pick, setPick] = useState<OpenPick | null>(null);
  useEffect(() => {
    const api = optionalBridge();
    if (!api) return undefined;
    return api.onScreenPicker((payload: unknown) => {
      const parsed = screenPickerEventSchema.safeParse(payload);
      if (!parsed.success) {
        console.warn('[screen] Ignored a screen picker message that does not match the contract');
        return;
      }
      const event = parsed.data;
      if (event.type === 'open') setPick(event);
      // The main process gave up on this pick (timed out, or a newer request replaced it).
      else setPick((current) => (current?.requestId === event.requestId ? null : current));
    });
  }, []);
  if (!pick) return null;
  return <PickerDialog key={pick.requestId} pick={pick} onDone={() => setPick(null)} />;
}

function PickerDialog({ pick, onDone }: { pick: OpenPick; onDone: () => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const answer = (sourceId: string | null) => {
    onDone();
    optionalBridge()
      ?.chooseScreen({ requestId: pick.requestId, sourceId })
      .catch((error: unknown) => console.warn(`[screen] Could not answer the screen picker: ${errorMessage(error)}`));
  };
  const groups: [string, ScreenSource[]][] = [
    ['Screens', pick.sources.filter((s) => s.kind === 'screen')],
    ['Windows', pick.sources.filter((s) => s.kind === 'window')],
  ];
  return (
    <ModalDialog className="screen-picker" labelledBy="screen-picker-title" onEscape={() => answer(null)}>
      <h2 id="screen-picker-title">Share your screen</h2>
      <p className="hint">Choose what the others in the call will see.</p>
      {groups
        .filter(([, sources]) => sources.length > 0)
        .map(([label, sources]) => (
          <section key={label} aria-label={label}>
            <h3>{label}</h3>
            <ul className="screen-sources">
              {sources.map((source) => (
                <li key={source.id}>
                  <button
                    type="button"
                    className="screen-source"
                    aria-pressed={selected === source.id}
                    onClick={() => setSelected(source.id)}
                    onDoubleClick={() => answer(source.id)}
                  >
                    {source.thumbnail ? (
                      <img src={source.thumbnail} alt="" />
                    ) : (
                      <span className="screen-source-empty" aria-hidden="true">
                        No preview
                      </span>
                    )}
                    <span className="screen-source-name" title={sourceName(source)}>
                      {sourceName(source)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      <div className="screen-picker-actions">
        <button type="button" onClick={() => answer(null)}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={selected === null} onClick={() => answer(selected)}>
          Share
        </button>
      </div>
    </ModalDialog>
  );
}

function sourceName(source: ScreenSource): string {
  if (source.name.trim() !== '') return source.name;
  return source.kind === 'screen' ? 'Unnamed screen' : 'Untitled window';
}
