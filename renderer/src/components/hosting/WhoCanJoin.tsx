/** The lobby's line about the signaling server: where it is and, in words, who can join. */
import type { AppInfo } from '../../../../shared/ipc';
import type { AuthMode } from '../../../../shared/signaling';
import { bridge } from '../../bridge';
import { whoCanJoin } from './who-can-join';

export function WhoCanJoin({ info, mode }: { info: AppInfo; mode: AuthMode | null | undefined }) {
  async function switchToOwnServer() {
    await bridge().forgetLinkServer();
    // The page's CSP names the server it may reach: load it again for ours.
    location.reload();
  }
  return (
    <>
      <p className="hint" aria-label="Signaling server">
        Signaling: {info.signalingUrl}. {whoCanJoin(info, mode)}
      </p>
      {info.hostingProblem && (
        <p className="error" role="alert">
          {info.hostingProblem}
        </p>
      )}
      {info.guestServer && (
        <button type="button" onClick={() => void switchToOwnServer()}>
          Use my own server
        </button>
      )}
    </>
  );
}
