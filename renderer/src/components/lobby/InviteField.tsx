/** The invite field and a line on what the invite in it allows (or why the server will refuse it). */
import type { InviteDraft } from './use-invite-draft';

function hint(invite: InviteDraft): string {
  const { claims, expired } = invite;
  if (!claims) return 'This server only admits people with an invite.';
  const until = new Date(claims.exp * 1000).toLocaleString();
  return expired
    ? `This invite to “${claims.room}” expired ${until}: the server will refuse it. Ask whoever sent it for a new one.`
    : `Invite to “${claims.room}”, valid until ${until}.`;
}

export function InviteField({ invite }: { invite: InviteDraft }) {
  return (
    <div className="field">
      <label htmlFor="invite">Invite</label>
      <input
        id="invite"
        value={invite.text}
        onChange={(e) => invite.change(e.target.value)}
        placeholder="Paste the invite or link you were sent"
        aria-describedby="invite-hint"
        autoComplete="off"
        spellCheck={false}
      />
      <p id="invite-hint" className="hint">
        {hint(invite)}
      </p>
    </div>
  );
}
