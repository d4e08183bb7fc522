/**
 * How calls get their ICE servers: the mode (manual, Cloudflare, shared secret, server), why
 * server mode is safer when this computer would keep a secret, the chosen mode's form and the
 * credential lifetime of the modes that mint.
 */
import type { IceMode, Settings } from '../../../../shared/config';
import type { SecretName, SecretsStatus } from '../../../../shared/ipc';
import { ManualServersForm, type ManualRow } from './ManualServersForm';
import { CloudflareForm, ServerModeForm, SharedSecretForm } from './ProviderForms';
import { TtlField } from './TtlField';

const MODES: { mode: IceMode; label: string; blurb: string }[] = [
  { mode: 'manual', label: 'Manual', blurb: 'A list of STUN/TURN servers you enter' },
  { mode: 'cloudflare', label: 'Cloudflare', blurb: 'Short-lived credentials from Cloudflare Realtime TURN' },
  { mode: 'shared-secret', label: 'Shared secret', blurb: 'coturn / eturnal TURN REST credentials minted here' },
  { mode: 'server', label: 'Server', blurb: 'The signaling server mints credentials (recommended)' },
];

type Ice = Settings['ice'];

interface Props {
  ice: Ice;
  rows: ManualRow[];
  secrets: SecretsStatus | null;
  onIce: (ice: Ice) => void;
  onRows: (rows: ManualRow[]) => void;
  onSecrets: (status: SecretsStatus) => void;
  typed: Partial<Record<SecretName, string>>;
  onTyped: (name: SecretName, value: string) => void;
}

/** True for the modes that mint credentials on this computer from a stored secret. */
export function mintsHere(mode: IceMode): boolean {
  return mode === 'cloudflare' || mode === 'shared-secret';
}

function ModeChoice({ ice, onIce }: Pick<Props, 'ice' | 'onIce'>) {
  return (
    <fieldset className="modes">
      <legend>ICE mode</legend>
      {MODES.map((m) => (
        <label key={m.mode} className={`mode ${ice.mode === m.mode ? 'chosen' : ''}`}>
          <input
            type="radio"
            name="ice-mode"
            value={m.mode}
            checked={ice.mode === m.mode}
            onChange={() => onIce({ ...ice, mode: m.mode })}
          />
          <span className="mode-label">{m.label}</span>
          <span className="mode-blurb">{m.blurb}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function IceModeSection({ ice, rows, secrets, onIce, onRows, onSecrets, typed, onTyped }: Props) {
  const minting = mintsHere(ice.mode);
  // The two minting forms take the same props: the ICE draft, the secrets' status and what was typed.
  const secretForm = { ice, secrets, onIce, onSecrets, typed, onTyped };
  return (
    <>
      <ModeChoice ice={ice} onIce={onIce} />
      {minting && (
        <aside className="safer-note" role="note" aria-label="Server mode is safer">
          <strong>Server mode is safer.</strong> In this mode a long-lived secret is kept on this computer (encrypted
          with the system keychain). Anyone who can use this computer account, or malware running as you, can use it to
          mint TURN credentials. In server mode the signaling server keeps the secret and hands out only short-lived
          credentials.
        </aside>
      )}
      {ice.mode === 'manual' && <ManualServersForm rows={rows} secrets={secrets} onChange={onRows} />}
      {ice.mode === 'cloudflare' && <CloudflareForm {...secretForm} />}
      {ice.mode === 'shared-secret' && <SharedSecretForm {...secretForm} />}
      {ice.mode === 'server' && <ServerModeForm ice={ice} onIce={onIce} />}
      {minting && <TtlField seconds={ice.ttlSeconds} onSeconds={(ttlSeconds) => onIce({ ...ice, ttlSeconds })} />}
    </>
  );
}
