/**
 * Manual mode: the RTCIceServer list, one row per server. TURN rows need a
 * username and a password; passwords are write-only and go to the vault.
 */
import { isTurnUrl } from '../../../../shared/config';
import type { SecretsStatus } from '../../../../shared/ipc';
import { TextField } from './TextField';

export interface ManualRow {
  /** Comma-separated URLs, as typed. */
  urls: string;
  username: string;
  /** Typed password, sent once on save; empty keeps the stored one. */
  password: string;
}

interface Props {
  rows: ManualRow[];
  secrets: SecretsStatus | null;
  onChange: (rows: ManualRow[]) => void;
}

export function splitUrls(text: string): string[] {
  return text
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

export function ManualServersForm({ rows, secrets, onChange }: Props) {
  const update = (index: number, patch: Partial<ManualRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="mode-form">
      <legend>Manual servers</legend>
      <p className="hint">
        STUN finds your public address; TURN relays media when a direct path fails. Use stun:, turn: or turns: URLs with
        host and port, optionally ?transport=udp or ?transport=tcp. TURN entries need a username and password.
      </p>
      {rows.map((row, index) => {
        const turn = splitUrls(row.urls).some(isTurnUrl);
        const stored = secrets?.set.includes(`manual-turn:${index}`) ?? false;
        return (
          <div className="server-row" key={index} role="group" aria-label={`Server ${index + 1}`}>
            <TextField
              id={`server-urls-${index}`}
              label={`Server ${index + 1} URLs`}
              grow
              value={row.urls}
              spellCheck={false}
              onChange={(urls) => update(index, { urls })}
            />
            {turn && (
              <>
                <TextField
                  id={`server-user-${index}`}
                  label={`Server ${index + 1} username`}
                  value={row.username}
                  autoComplete="off"
                  onChange={(username) => update(index, { username })}
                />
                <TextField
                  id={`server-pass-${index}`}
                  label={`Server ${index + 1} password`}
                  type="password"
                  autoComplete="off"
                  value={row.password}
                  placeholder={stored ? 'Stored: type to replace' : 'Not set'}
                  onChange={(password) => update(index, { password })}
                />
              </>
            )}
            <button
              type="button"
              className="remove"
              aria-label={`Remove server ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        );
      })}
      {rows.some((row) => splitUrls(row.urls).some(isTurnUrl)) && (
        <p className="hint" role="note">
          A static TURN password is stored encrypted, but each call hands it to WebRTC as is, and it works until someone
          changes it on the server. Shared-secret or server mode give calls only credentials that expire.
        </p>
      )}
      <button
        type="button"
        disabled={rows.length >= 16}
        onClick={() => onChange([...rows, { urls: '', username: '', password: '' }])}
      >
        Add server
      </button>
    </fieldset>
  );
}
