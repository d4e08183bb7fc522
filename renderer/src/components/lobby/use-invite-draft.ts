/**
 * The lobby's invite: from the page's own link (…#invite=…), pasted, or from a traverse: link
 * the app was opened with (call/invite-links.ts puts it in the draft), read and checked against
 * a clock that ticks, so an invite that expires while the lobby is open says so.
 */
import { useEffect, useState } from 'react';
import { extractInvite, readInvite } from '../../../../shared/invite';
import { useStore } from '../../store';

export interface InviteDraft {
  /** What the field holds. */
  text: string;
  /** The token in it, or null when there is none (or it is not one). */
  token: string | null;
  claims: ReturnType<typeof readInvite>;
  expired: boolean;
  change(text: string): void;
}

export function useInviteDraft(): InviteDraft {
  const draft = useStore((s) => s.draft);
  const setDraft = useStore((s) => s.setDraft);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const [pageInvite] = useState(() => extractInvite(window.location.href) ?? '');
  const text = draft.invite ?? pageInvite;
  const token = text.trim() ? extractInvite(text) : null;
  const claims = token ? readInvite(token) : null;
  return {
    text,
    token,
    claims,
    expired: claims !== null && claims.exp * 1000 <= now,
    change(next) {
      setDraft({ invite: next });
      const found = extractInvite(next);
      const invited = found ? readInvite(found) : null;
      if (invited) setDraft({ room: invited.room });
    },
  };
}
