/**
 * The lobby asks the server how it admits people (so it can say whether rooms are open) and
 * connects to it before Join, so Join does not wait for a connection: with open rooms at once,
 * with invites once a valid one is entered (the server refuses a handshake without). The
 * connection a call gives back at hang-up (lobby-connection.ts) is kept while the server is asked.
 */
import { useEffect, useState } from 'react';
import type { AuthMode } from '../../../../shared/signaling';
import { fetchAuthMode, preconnect } from '../../signaling/signaling-client';
import type { InviteDraft } from './use-invite-draft';

/** The server's admission mode (undefined while asking), after starting the warm connection. */
export function useSignalingWarmup(
  signalingUrl: string | undefined,
  disabled: boolean,
  invite: InviteDraft,
): AuthMode | null | undefined {
  const [auth, setAuth] = useState<{ url: string; mode: AuthMode | null } | null>(null);
  useEffect(() => {
    if (!signalingUrl) return;
    let current = true;
    void fetchAuthMode(signalingUrl).then((mode) => current && setAuth({ url: signalingUrl, mode }));
    return () => {
      current = false;
    };
  }, [signalingUrl]);
  const mode = auth?.url === signalingUrl ? auth?.mode : undefined;

  const { token, claims, expired } = invite;
  const warmToken = mode === 'open' ? null : mode === 'invite' && claims && !expired ? token : undefined;
  const asking = signalingUrl !== undefined && mode === undefined;
  useEffect(() => {
    // While the server is being asked, the connection there stays as it is (the one a call just gave back, say).
    if (asking) return;
    preconnect(signalingUrl && !disabled && warmToken !== undefined ? { url: signalingUrl, token: warmToken } : null);
    // Not closed on unmount: Join unmounts the lobby, and the call takes this connection.
  }, [signalingUrl, disabled, warmToken, asking]);
  return mode;
}
