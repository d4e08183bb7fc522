/**
 * Invite links the operating system opened Traverse with (`traverse:join?invite=…`),
 * from the main process into the lobby form. Nobody is pulled out of a call: the
 * invite waits in the lobby and the call view says it came.
 */
import { inviteLinkSchema, ipcContract, type InviteLink } from '../../../shared/ipc';
import { bridge } from '../bridge';
import { useStore } from '../store';
import { errorMessage } from '../../../shared/error-message';

/** Puts one link's room and invite in the lobby form; during a call, also tells the call view. */
export function receiveInviteLink(link: InviteLink): void {
  const state = useStore.getState();
  state.setDraft({ room: link.room, invite: link.invite });
  state.setReceivedInvite(state.phase === 'lobby' ? null : { room: link.room });
  console.info(
    `[links] Invite link to room "${link.room}" ${state.phase === 'lobby' ? 'filled in the lobby' : 'kept for the lobby (in a call)'}`,
  );
}

function accept(payload: unknown): void {
  const parsed = inviteLinkSchema.safeParse(payload);
  if (!parsed.success) {
    // Never log the payload: it may hold an invite.
    console.warn('[links] Ignored an invite link that does not match the contract');
    return;
  }
  receiveInviteLink(parsed.data);
}

/**
 * Listens for links opened while the app runs, then asks for the one it was
 * started with (in that order, so none falls between the two). Returns the unsubscribe.
 */
export function followInviteLinks(): () => void {
  const api = bridge();
  const unsubscribe = api.onInviteLink(accept);
  api.pendingInviteLink().then(
    (result) => {
      const parsed = ipcContract['link:pending'].response.safeParse(result);
      if (!parsed.success) console.warn('[links] Ignored a pending invite link that does not match the contract');
      else if (parsed.data.link) accept(parsed.data.link);
    },
    (error: unknown) =>
      console.warn(`[links] Could not ask for the link Traverse was opened with: ${errorMessage(error)}`),
  );
  return unsubscribe;
}
