/**
 * A write-only secret: shows whether one is set, lets a person set, replace or
 * clear it, and never shows (or receives) the stored value. What is typed is
 * part of the Settings draft (`value`), so Save stores it too.
 */
import { useId, useState, type SyntheticEvent } from 'react';
import type { SecretName, SecretsStatus } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
import { errorMessage } from '../../../../shared/error-message';

interface Props {
  name: SecretName;
  label: string;
  hint?: string;
  secrets: SecretsStatus | null;
  onChange: (status: SecretsStatus) => void;
  /** What is typed and not stored yet. */
  value: string;
  onValue: (value: string) => void;
}

export function SecretField({ name, label, hint, secrets, onChange, value, onValue }: Props) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isSet = secrets?.set.includes(name) ?? false;

  async function run(action: () => Promise<SecretsStatus>) {
    setBusy(true);
    try {
      onChange(await action());
      onValue('');
      setProblem(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (!value) return setProblem(`Enter the ${label.toLowerCase()} first`);
    void run(() => bridge().setSecret({ name, value }));
  }

  return (
    <div className="field secret-field">
      <label htmlFor={id}>{label}</label>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={isSet ? 'Stored: type a new value to replace it' : 'Not set'}
          onChange={(e) => onValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') submit(e);
          }}
        />
        <button type="button" onClick={submit} disabled={busy} aria-label={`${isSet ? 'Replace' : 'Set'} ${label}`}>
          {isSet ? 'Replace' : 'Set'}
        </button>
        <button
          type="button"
          onClick={() => void run(() => bridge().clearSecret({ name }))}
          disabled={busy || !isSet}
          aria-label={`Clear ${label}`}
        >
          Clear
        </button>
      </div>
      <span className={`secret-state ${isSet ? 'is-set' : ''}`} data-testid={`secret-state-${name}`}>
        {isSet ? '● Stored, encrypted on this computer' : '○ Not set'}
      </span>
      {hint && <span className="hint">{hint}</span>}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
