/** The credential lifetime of the modes that mint: seconds, in words, and a warning when long. */
import { TTL_MAX_SECONDS, TTL_MIN_SECONDS, TTL_WARN_SECONDS } from '../../../../shared/config';
import { formatDuration } from './IceStatusCard';
import { TextField } from './TextField';

export function TtlField({ seconds, onSeconds }: { seconds: number; onSeconds: (seconds: number) => void }) {
  return (
    <TextField
      id="ttl"
      label="Credential lifetime (TTL, seconds)"
      type="number"
      min={TTL_MIN_SECONDS}
      max={TTL_MAX_SECONDS}
      value={String(seconds)}
      onChange={(ttl) => onSeconds(Number(ttl))}
    >
      <span className="hint">
        {formatDuration(seconds)}. Refreshed in the background at half that. 3600 s suits calls of about 30 minutes; at
        most 172800 s (48 h, Cloudflare&apos;s cap).
      </span>
      {seconds >= TTL_WARN_SECONDS && (
        <p className="warning" role="alert">
          Credentials valid for {formatDuration(seconds)}: if they leak, anyone can relay through your TURN server for
          that long. Use 3600 s unless calls really last longer.
        </p>
      )}
    </TextField>
  );
}
