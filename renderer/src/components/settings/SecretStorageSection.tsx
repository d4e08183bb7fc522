/**
 * Where secrets are kept: the choice to accept weaker protection when there is no keyring,
 * and why secrets cannot be stored, when they cannot (only where this mode needs one).
 */
import type { SecretsStatus } from '../../../../shared/ipc';
import { ProblemBox } from './ProblemBox';

interface Props {
  storage: SecretsStatus['storage'] | undefined;
  /** The chosen mode keeps a secret on this computer. */
  needsSecret: boolean;
  acceptWeak: boolean;
  onAcceptWeak: (accept: boolean) => void;
}

export function SecretStorageSection({ storage, needsSecret, acceptWeak, onAcceptWeak }: Props) {
  return (
    <>
      {storage?.weak && (
        <label className="check">
          <input type="checkbox" checked={acceptWeak} onChange={(e) => onAcceptWeak(e.target.checked)} />
          Store secrets with weaker protection (no keyring: {storage.backend})
        </label>
      )}
      {storage?.problem && needsSecret && <ProblemBox problem={storage.problem} />}
    </>
  );
}
