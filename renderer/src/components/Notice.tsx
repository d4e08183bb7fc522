/** A message for the person: what failed, why, and what to do. */
import { useStore } from '../store';

export function Notice() {
  const notice = useStore((s) => s.notice);
  const setNotice = useStore((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      <p>{notice}</p>
      <button type="button" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}
