/**
 * "Copy invite link" in the call view, when this app hosts the call for the
 * network: an invite for this room, valid as long as the person picks, as a
 * `traverse:join?invite=…&server=…` link. The link is also shown, so it can be
 * copied by hand where the clipboard is not allowed.
 */
import { useState } from 'react';
import { INVITE_TTL_CHOICES } from '../../../shared/ipc';
import { bridge } from '../bridge';
import { useStore } from '../store';
import { canInvite } from './hosting/who-can-join';
import './invite-button.css';
import { errorMessage } from '../../../shared/error-message';

type Ttl = (typeof INVITE_TTL_CHOICES)[number];
const LABELS: Record<Ttl, string> = { 3600: '1 hour', 86_400: '1 day', 604_800: '1 week' };

export function InviteButton() {
  const room = useStore((s) => s.room);
  const info = useStore((s) => s.appInfo);
  const [ttl, setTtl] = useState<Ttl>(3600);
  const [made, setMade] = useState<{ link: string; text: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!canInvite(info)) return null;

  async function copy() {
    setProblem(null);
    try {
      const { link, expiresAt } = await bridge().makeInvite({ room, ttlSeconds: ttl });
      const until = new Date(expiresAt).toLocaleString();
      const copied = await navigator.clipboard.writeText(link).then(
        () => true,
        () => false,
      );
      setMade({
        link,
        text: copied
          ? `Invite link copied. Anyone who has it can join “${room}” until ${until}.`
          : `The clipboard is not available here: copy the link below. Anyone who has it can join “${room}” until ${until}.`,
      });
    } catch (error) {
      setMade(null);
      setProblem(`Could not make an invite link: ${errorMessage(error)}`);
    }
  }

  return (
    <div className="invite-maker" role="group" aria-label="Invite">
      <label htmlFor="invite-ttl">Invite valid for</label>
      <select id="invite-ttl" value={ttl} onChange={(e) => setTtl(Number(e.target.value) as Ttl)}>
        {INVITE_TTL_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {LABELS[choice]}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void copy()}>
        Copy invite link
      </button>
      {(made ?? problem) && (
        <div className="invite-made">
          {made && (
            <>
              <p role="status">{made.text}</p>
              <input aria-label="Invite link" readOnly value={made.link} onFocus={(e) => e.target.select()} />
            </>
          )}
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <button type="button" onClick={() => (setMade(null), setProblem(null))}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}
