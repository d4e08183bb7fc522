/**
 * An invite link may name the server to join through (`server=`). The page's
 * CSP names the one signaling server it may reach, so when a link names another
 * one the lobby loads again (the main process keeps the link for the new page);
 * during a call that waits until the call ends, and nobody is pulled out of it.
 */
import { inviteLinkSchema } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
import { useStore } from '../../store';

export function followGuestServer(): () => void {
  let reloadWanted = false;
  const reloadInLobby = () => {
    if (reloadWanted && useStore.getState().phase === 'lobby') location.reload();
  };
  const unsubscribeLinks = bridge().onInviteLink((payload) => {
    const link = inviteLinkSchema.safeParse(payload);
    if (!link.success) return;
    const current = useStore.getState().appInfo?.guestServer ?? null;
    if ((link.data.server ?? null) !== current) {
      reloadWanted = true;
      reloadInLobby();
    }
  });
  const unsubscribeStore = useStore.subscribe(reloadInLobby);
  return () => {
    unsubscribeLinks();
    unsubscribeStore();
  };
}
