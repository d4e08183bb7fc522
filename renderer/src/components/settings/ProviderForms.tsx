/**
 * The forms for the modes that mint credentials: Cloudflare, shared-secret
 * (coturn/eturnal) and server. Secrets are write-only fields that go straight
 * to the vault; everything else is part of the settings draft.
 */
import type { Settings } from '../../../../shared/config';
import type { SecretName, SecretsStatus } from '../../../../shared/ipc';
import { SecretField } from './SecretField';
import { TextField } from './TextField';

type Ice = Settings['ice'];

interface Props {
  ice: Ice;
  secrets: SecretsStatus | null;
  onIce: (ice: Ice) => void;
  onSecrets: (status: SecretsStatus) => void;
  /** Secrets typed and not stored yet: Save stores them. */
  typed: Partial<Record<SecretName, string>>;
  onTyped: (name: SecretName, value: string) => void;
}

export function CloudflareForm({ ice, secrets, onIce, onSecrets, typed, onTyped }: Props) {
  return (
    <fieldset className="mode-form">
      <legend>Cloudflare Realtime TURN</legend>
      <p className="hint">
        In the Cloudflare dashboard: Media → Realtime → TURN Server → Create a TURN Server app. Copy both values it
        shows.
      </p>
      <TextField
        id="cf-key-id"
        label="Turn Token ID"
        value={ice.cloudflare.tokenId}
        spellCheck={false}
        autoComplete="off"
        onChange={(tokenId) => onIce({ ...ice, cloudflare: { tokenId: tokenId.trim() } })}
      />
      <SecretField
        name="cloudflare-api-token"
        label="Cloudflare API token"
        hint="Shown once when the TURN key is created; it needs the Calls (Realtime) Edit permission."
        secrets={secrets}
        onChange={onSecrets}
        value={typed['cloudflare-api-token'] ?? ''}
        onValue={(value) => onTyped('cloudflare-api-token', value)}
      />
    </fieldset>
  );
}

export function SharedSecretForm({ ice, secrets, onIce, onSecrets, typed, onTyped }: Props) {
  return (
    <fieldset className="mode-form">
      <legend>TURN shared secret (coturn, eturnal)</legend>
      <p className="hint">
        For coturn with use-auth-secret / static-auth-secret, or eturnal with secret. Traverse mints credentials that
        expire: username = expiry:user, password = base64(HMAC-SHA1(secret, username)).
      </p>
      <TextField
        id="ss-urls"
        label="TURN URLs"
        value={ice.sharedSecret.urls.join(', ')}
        spellCheck={false}
        placeholder="turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349"
        onChange={(urls) =>
          onIce({
            ...ice,
            sharedSecret: {
              ...ice.sharedSecret,
              urls: urls
                .split(',')
                .map((u) => u.trim())
                .filter(Boolean),
            },
          })
        }
      />
      <TextField
        id="ss-user"
        label="TURN user name"
        value={ice.sharedSecret.user}
        onChange={(user) => onIce({ ...ice, sharedSecret: { ...ice.sharedSecret, user } })}
      />
      <SecretField
        name="turn-shared-secret"
        label="TURN shared secret"
        hint="The TURN server's static-auth-secret (coturn) or secret (eturnal)."
        secrets={secrets}
        onChange={onSecrets}
        value={typed['turn-shared-secret'] ?? ''}
        onValue={(value) => onTyped('turn-shared-secret', value)}
      />
    </fieldset>
  );
}

export function ServerModeForm({ ice, onIce }: Pick<Props, 'ice' | 'onIce'>) {
  return (
    <fieldset className="mode-form">
      <legend>Server mode</legend>
      <p className="hint">
        The signaling server holds the TURN secret or Cloudflare token (ICE_MODE, TURN_SECRET,
        CLOUDFLARE_TURN_API_TOKEN) and answers GET /ice with fresh, short-lived credentials. Nothing secret is stored on
        this computer.
      </p>
      <TextField
        id="server-ice-url"
        label="ICE server URL"
        value={ice.server.url}
        spellCheck={false}
        placeholder="Empty: the signaling server this app uses"
        onChange={(url) => onIce({ ...ice, server: { url: url.trim() } })}
      />
    </fieldset>
  );
}
