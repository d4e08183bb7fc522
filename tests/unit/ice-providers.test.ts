/** The pure ICE providers: TURN REST minting, Cloudflare answer shapes, manual lists, settings validation. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { settingsPatchSchema, settingsSchema } from '../../shared/config';
import { IceError } from '../../shared/ice/ice-error';
import { isPort53, normaliseCloudflareAnswer } from '../../shared/ice/ice-provider-cloudflare';
import { manualIce, stunOnly } from '../../shared/ice/ice-provider-manual';
import { mintSharedSecret, turnRestPassword } from '../../shared/ice/ice-provider-shared-secret';
import { documentedAnswer } from '../support/cloudflare-fake';

describe('shared-secret (TURN REST) provider', () => {
  it('username is <expiry>:<user> and the password is base64(HMAC-SHA1(secret, username))', async () => {
    const now = 1_700_000_000_123;
    const minted = await mintSharedSecret({
      secret: 's3cret',
      urls: ['turn:127.0.0.1:3478'],
      user: 'ana',
      ttlSeconds: 20,
      now: () => now,
    });
    const server = minted.iceServers[0]!;
    expect(server.username).toBe('1700000020:ana');
    // Independent reference: Node's own HMAC, as coturn computes it.
    expect(server.credential).toBe(createHmac('sha1', 's3cret').update('1700000020:ana').digest('base64'));
    expect(minted.expiresAt).toBe(1_700_000_020_000);
    expect(minted.ttlSeconds).toBe(20);
  });

  it('matches a fixed vector', async () => {
    expect(await turnRestPassword('north', '1234567890:traverse')).toBe(
      createHmac('sha1', 'north').update('1234567890:traverse').digest('base64'),
    );
    expect(await turnRestPassword('north', '1234567890:traverse')).toHaveLength(28);
  });

  it('refuses to mint without a secret or URLs, saying what to do', async () => {
    await expect(mintSharedSecret({ secret: '', urls: ['turn:x:1'], user: 'u', ttlSeconds: 60 })).rejects.toThrow(
      /static-auth-secret/,
    );
    await expect(mintSharedSecret({ secret: 'x', urls: [], user: 'u', ttlSeconds: 60 })).rejects.toThrow(
      /Add your TURN server/,
    );
  });
});

describe('Cloudflare answer', () => {
  it("accepts today's shape (iceServers list) and drops port-53 URLs", () => {
    const servers = normaliseCloudflareAnswer(documentedAnswer('array', 'u', 'c'));
    const urls = servers.flatMap((s) => [s.urls].flat());
    expect(urls).toHaveLength(6);
    expect(urls.some(isPort53)).toBe(false);
    expect(urls).toContain('turns:turn.cloudflare.com:443?transport=tcp');
    expect(servers[1]).toMatchObject({ username: 'u', credential: 'c' });
  });

  it('accepts the older shape (one object) and urls given as a string', () => {
    expect(normaliseCloudflareAnswer(documentedAnswer('object', 'u', 'c'))).toEqual([
      {
        urls: [
          'stun:stun.cloudflare.com:3478',
          'turn:turn.cloudflare.com:3478?transport=udp',
          'turn:turn.cloudflare.com:3478?transport=tcp',
          'turns:turn.cloudflare.com:5349?transport=tcp',
        ],
        username: 'u',
        credential: 'c',
      },
    ]);
    const servers = normaliseCloudflareAnswer(documentedAnswer('string-urls', 'u', 'c'));
    // The port-53 entry had nothing else, so it is gone entirely.
    expect(servers).toEqual([
      { urls: ['stun:stun.cloudflare.com:3478'] },
      { urls: ['turn:turn.cloudflare.com:3478?transport=udp'], username: 'u', credential: 'c' },
    ]);
  });

  it.each([
    ['stun:stun.cloudflare.com:53', true],
    ['turn:turn.cloudflare.com:53?transport=udp', true],
    ['turn:[2001:db8::1]:53', true],
    ['turn:turn.cloudflare.com:5349', false],
    ['turn:host53.example:3478', false],
  ])('port 53 detection %s', (url, expected) => expect(isPort53(url)).toBe(expected));

  it('refuses answers without TURN credentials as malformed', () => {
    expect(() => normaliseCloudflareAnswer({ iceServers: [{ urls: 'stun:x:3478' }] })).toThrow(IceError);
    expect(() => normaliseCloudflareAnswer({ servers: [] })).toThrow(/not an ICE server list/);
  });
});

describe('manual provider', () => {
  const servers = [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turn:turn.example.org:3478'], username: 'ana' }];

  it('fills TURN passwords from the vault and keeps STUN as is', async () => {
    const minted = await manualIce(servers, (i) => Promise.resolve(i === 1 ? 'pw' : undefined));
    expect(minted.iceServers).toEqual([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478'], username: 'ana', credential: 'pw' },
    ]);
    expect(minted.expiresAt).toBeNull();
  });

  it('a TURN entry without a stored password is an error naming the server', async () => {
    await expect(manualIce(servers, () => Promise.resolve(undefined))).rejects.toThrow(
      /No password for turn:turn.example.org:3478/,
    );
  });

  it('the STUN fallback keeps only stun: URLs', () => {
    expect(stunOnly(servers)).toEqual([{ urls: ['stun:stun.example.org:3478'] }]);
  });
});

describe('ICE settings validation', () => {
  it('refuses a TURN entry without a username, with the reason', () => {
    const result = settingsSchema.safeParse({ ice: { servers: [{ urls: 'turn:turn.example.org:3478' }] } });
    expect(result.success).toBe(false);
    const issue = result.success ? undefined : result.error.issues[0];
    expect(issue?.path).toEqual(['ice', 'servers', 0, 'username']);
    expect(issue?.message).toMatch(
      /^turn:turn.example.org:3478 has no username: TURN servers refuse anonymous clients/,
    );
  });

  it('a patch of one key carries only that key (joining a call must not reset the ICE mode)', () => {
    expect(settingsPatchSchema.parse({ displayName: 'Ana' })).toEqual({ displayName: 'Ana' });
  });

  it('accepts TTLs from 10 s to 48 h; shared-secret URLs must be TURN', () => {
    expect(settingsSchema.safeParse({ ice: { ttlSeconds: 20 } }).success).toBe(true);
    expect(settingsSchema.safeParse({ ice: { ttlSeconds: 9 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ ice: { sharedSecret: { urls: ['stun:x:3478'] } } }).success).toBe(false);
    expect(settingsSchema.safeParse({ ice: { sharedSecret: { urls: ['turns:x:5349?transport=tcp'] } } }).success).toBe(
      true,
    );
    expect(settingsSchema.safeParse({ ice: { cloudflare: { tokenId: '../etc' } } }).success).toBe(false);
  });
});
