/** In a call, an invite link that just arrived: said in words, never acted on until the person hangs up. */
import { useStore } from '../store';

export function InviteReceivedBanner() {
  const received = useStore((s) => s.receivedInvite);
  const room = useStore((s) => s.room);
  const dismiss = useStore((s) => s.setReceivedInvite);
  if (!received) return null;
  return (
    <div className="banner invite-received" role="status" aria-label="Invite received">
      <span>
        {received.room === room
          ? `Invite to room “${received.room}” received: you are in this room already.`
          : `Invite to room “${received.room}” received — hang up to join it. It is filled in for you in the lobby.`}
      </span>
      <button type="button" onClick={() => dismiss(null)}>
        Dismiss
      </button>
    </div>
  );
}
