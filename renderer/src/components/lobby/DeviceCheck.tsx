/**
 * "Device check" under the preview: whether the camera delivers a live picture and the microphone
 * hears sound, in words (a polite status region), with "Check again". See use-device-check.ts.
 */
import { useStream } from '../../call/media-registry';
import { useStore } from '../../store';
import type { MicTap } from './mic-tap';
import { useDeviceCheck } from './use-device-check';
import './device-check.css';

/** `tap`: the preview's microphone, opened by the Preview and shared with the level meter. */
export function DeviceCheck({ tap }: { tap: MicTap | null }) {
  const stream = useStream('local');
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const failed = useStore((s) => s.mediaError !== null);
  const check = useDeviceCheck({ stream, tap, muted, cameraOff, failed });
  return (
    <section className="device-check" aria-labelledby="device-check-title">
      <div className="device-check-head">
        <h2 id="device-check-title">Device check</h2>
        <button type="button" onClick={check.again} disabled={check.checking !== null || !stream}>
          Check again
        </button>
      </div>
      <div role="status" aria-label="Device check result" aria-busy={check.checking !== null}>
        {check.checking && (
          <p className="device-check-line" data-tone="checking">
            {check.checking}
          </p>
        )}
        {check.lines.map((line) => (
          <p key={line.text} className="device-check-line" data-tone={line.tone}>
            {line.text}
          </p>
        ))}
      </div>
    </section>
  );
}
