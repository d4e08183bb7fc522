/** Finding 7 (issue 14): a report built from a configuration that has credentials carries none of them. */
import { describe, expect, it } from 'vitest';
import { buildReport, maskSecrets } from '../../shared/report';

const PASSWORD = 'hunter2-static-turn-password';
const MINTED = 'minted-credential-abc123';
const INVITE = 'tv1.eyJyb29tIjoiYSJ9.c2lnbmF0dXJl';

function report() {
  return buildReport({
    generatedAt: 0,
    app: { version: '1', platform: 'linux', userAgent: 'Chrome/130.0.0.0' },
    room: 'r',
    settings: {
      ice: {
        mode: 'manual',
        cloudflare: { tokenId: 'key-id-1' },
        servers: [{ urls: 'turn:turn.example.org:3478', username: 'alice', credential: PASSWORD }],
      },
      signalingUrl: `https://signal.example.org/?invite=${INVITE}`,
    },
    ice: {
      servers: [{ urls: 'turn:turn.example.org', username: '1700000000:traverse', credential: MINTED }],
      source: 'manual',
      expiresAt: null,
      error: null,
    },
    providerStatus: { mode: 'manual', apiToken: 'cf-api-token-xyz', sharedSecret: 'turn-secret-xyz' },
    serverTests: [{ url: 'turn:turn.example.org', password: PASSWORD }],
    peers: [],
    hintSettings: { relayOnly: false, turnConfigured: true, stunConfigured: false },
    tracks: {},
  });
}

describe('report masking', () => {
  it('carries no password, minted credential, token, secret or invite from any part of its input', () => {
    const text = JSON.stringify(report());
    for (const secret of [PASSWORD, MINTED, 'cf-api-token-xyz', 'turn-secret-xyz', INVITE]) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps what support needs: URLs, modes, the Cloudflare key id, that a credential was set', () => {
    const r = report();
    const text = JSON.stringify(r);
    expect(text).toContain('turn:turn.example.org:3478');
    expect(text).toContain('key-id-1');
    expect(r.ice.servers[0]?.credential).toBe('•••••• (set)');
    expect(maskSecrets({ credential: '' })).toEqual({ credential: '' });
  });
});
