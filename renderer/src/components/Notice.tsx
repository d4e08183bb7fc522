/** A message for the person: what failed, why, and what to do; or news that needs nothing of them. */
import { useStore } from '../store';

export function Notice() {
  const notice = useStore((s) => s.notice);
  const tone = useStore((s) => s.noticeTone);
  const setNotice = useStore((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice-${tone}`} role={tone === 'problem' ? 'alert' : 'status'}>
      <p>{notice}</p>
      <button type="button" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}
