/**
 * Where calls go: the signaling server URL (part of the draft, saved with
 * Save) and Relay only (the same setting as the call view's switch, applied
 * at once, also to a call in progress).
 */
import { setRelayOnly } from '../../call/call-controller';
import { useStore } from '../../store';
import { TextField } from './TextField';

interface Props {
  signalingUrl: string;
  onSignalingUrl: (url: string) => void;
}

export function ConnectionSection({ signalingUrl, onSignalingUrl }: Props) {
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const phase = useStore((s) => s.phase);
  const inCall = phase !== 'lobby';
  return (
    <fieldset className="mode-form">
      <legend>Connection</legend>
      <TextField
        id="signaling-url"
        label="Signaling server URL"
        value={signalingUrl}
        spellCheck={false}
        autoComplete="off"
        placeholder="Empty: the server built into this app"
        disabled={inCall}
        aria-describedby="signaling-url-hint"
        onChange={onSignalingUrl}
      >
        <span className="hint" id="signaling-url-hint">
          {inCall
            ? 'Hang up to change the signaling server: this call runs through the current one.'
            : 'The socket.io server that puts people in rooms, e.g. https://signal.example.org. Saving a new one reloads this window so it can connect there.'}
        </span>
      </TextField>
      <div className="switch-row">
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={relayOnly}
          aria-describedby="relay-only-hint"
          onClick={() => void setRelayOnly(!relayOnly)}
        >
          Relay only
        </button>
        <span className="hint" id="relay-only-hint">
          {relayOnly ? 'On. ' : 'Off. '}
          With it on, calls go only through a TURN relay, so the others see the relay&apos;s address instead of yours;
          without a working TURN server a call cannot connect. It applies at once, also to a call in progress, and is
          the same switch as in the call.
        </span>
      </div>
    </fieldset>
  );
}
