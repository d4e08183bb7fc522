/** A problem as a person reads it: what failed, the likely cause, the fix. */
import type { IceProblem } from '../../../../shared/ice/ice-types';

export function ProblemBox({ problem }: { problem: IceProblem }) {
  return (
    <div className="error problem" role="alert">
      <strong>{problem.what}</strong>
      <p>Likely cause: {problem.cause}.</p>
      <p>Fix: {problem.fix}.</p>
    </div>
  );
}
