/** What Join checks before it starts: a valid name and room, and an invite that is one (when something is typed). */
import { OLD_INVITE_MESSAGE, pastedOldInvite } from '../../../../shared/invite';
import { displayNameSchema, roomNameSchema } from '../../../../shared/signaling';

export type JoinCheck = { ok: true; name: string; room: string } | { ok: false; problem: string };

export function checkJoin(name: string, room: string, inviteText: string, invite: string | null): JoinCheck {
  const n = displayNameSchema.safeParse(name);
  const r = roomNameSchema.safeParse(room);
  if (!n.success) return { ok: false, problem: n.error.issues[0]?.message ?? 'Invalid name' };
  if (!r.success) return { ok: false, problem: r.error.issues[0]?.message ?? 'Invalid room' };
  if (inviteText.trim() && !invite)
    return {
      ok: false,
      problem: pastedOldInvite(inviteText)
        ? OLD_INVITE_MESSAGE
        : 'That is not a Traverse invite: paste the whole invite or link you were sent.',
    };
  return { ok: true, name: n.data, room: r.data };
}
