/** traverse: links: what counts as one, and that no reason given for refusing one carries the invite. */
import { describe, expect, it } from 'vitest';
import {
  findDeepLink,
  maskInviteLink,
  MAX_LINK_LENGTH,
  parseDeepLink,
  protocolClientArgs,
} from '../../electron/core/deep-link';
import { createInvite, inviteKey, MAX_INVITE_LENGTH } from '../../shared/invite';

const SECRET = 'unit-deep-link-secret-0123456789abcdef';
const token = await createInvite(await inviteKey(SECRET), 'standup', 3600);
const otherKeyToken = await createInvite(await inviteKey('another-secret-entirely-0123456789abcdef'), 'standup', 3600);
const [headerPart, claimsPart, signaturePart] = token.split('.') as [string, string, string];
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = { room: 'standup', exp: 2e9, iat: 1.9e9, jti: 'j-1' };

/** A well-formed JWT whose claims are `claims` (unsigned: the main process never checks signatures). */
function tokenWith(claims: unknown, header = headerPart): string {
  return `${header}.${b64(claims)}.${signaturePart}`;
}

describe('parseDeepLink', () => {
  it.each([
    `traverse:join?invite=${token}`,
    `traverse://join?invite=${token}`,
    `traverse://join/?invite=${token}`,
    `TRAVERSE:join?invite=${token}`,
    `  traverse:join?invite=${token}\n`,
    `traverse:join?invite=${token}&utm_source=mail`,
  ])('accepts %s', (link) => {
    expect(parseDeepLink(link)).toEqual({ ok: true, link: { invite: token, room: 'standup' } });
  });

  it('reads the room but does not judge the signature: the server does (it has the secret)', () => {
    expect(parseDeepLink(`traverse:join?invite=${otherKeyToken}`)).toMatchObject({
      ok: true,
      link: { room: 'standup' },
    });
  });

  it.each([
    [42, 'not text'],
    [null, 'not text'],
    ['', 'not a URL'],
    ['join?invite=x', 'not a URL'],
    [`https://traverse.example/join?invite=${token}`, 'not a traverse: link'],
    [`traversex:join?invite=${token}`, 'not a traverse: link'],
    [`file:///join?invite=${token}`, 'not a traverse: link'],
    [`javascript:alert(1)//traverse:join?invite=${token}`, 'not a traverse: link'],
    [`traverse:call?invite=${token}`, 'unknown action "call"'],
    ['traverse:settings', 'unknown action "settings"'],
    [`traverse://evil.example/join?invite=${token}`, 'unknown action (only "join")'],
    [`traverse:join/../settings?invite=${token}`, 'unknown action (only "join")'],
    ['traverse:join', 'no invite'],
    ['traverse:join?room=standup', 'no invite'],
    [`traverse:join?invite=${token}&invite=${token}`, 'more than one invite'],
    ['traverse:join?invite=hello', 'not a valid Traverse invite'],
    [`traverse:join?invite=tv2.${claimsPart}.${signaturePart}`, 'not a valid Traverse invite'],
    [`traverse:join?invite=${tokenWith(claimsOf, b64({ alg: 'none' }))}`, 'not a valid Traverse invite'],
    [`traverse:join?invite=${tokenWith({ ...claimsOf, room: 'x<script>' })}`, 'not a valid Traverse invite'],
    [`traverse:join?invite=${tokenWith({ ...claimsOf, admin: true })}`, 'not a valid Traverse invite'],
    [`traverse:join?invite=${tokenWith({ room: 'standup', exp: 2e9 })}`, 'not a valid Traverse invite'],
    [`traverse:join?invite=tv1.${b64({ room: 'standup', exp: 2e9 })}.${signaturePart}`, 'old format'],
    [`traverse:join?invite=${token}%22%20--inspect`, 'not a valid Traverse invite'],
  ])('refuses %j: %s', (link, reason) => {
    const result = parseDeepLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('refuses an oversized link before parsing it, and an oversized token', () => {
    const long = `traverse:join?invite=${token}&pad=${'a'.repeat(MAX_LINK_LENGTH)}`;
    expect(parseDeepLink(long)).toEqual({ ok: false, reason: expect.stringContaining('too long') as string });
    const bigToken = tokenWith({ ...claimsOf, pad: 'p'.repeat(MAX_INVITE_LENGTH) });
    expect(parseDeepLink(`traverse:join?invite=${bigToken}`)).toMatchObject({ ok: false });
  });

  it('never puts the invite in a reason', () => {
    const links = [
      `traverse:call?invite=${token}`,
      `traverse:join?invite=${token}&invite=${token}`,
      `traverse:join?invite=${token}x!`,
      `traverse:${token}`,
      `https://x.example/?invite=${token}`,
    ];
    for (const link of links) {
      const result = parseDeepLink(link);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).not.toContain(claimsPart);
        expect(result.reason).not.toContain(signaturePart);
      }
    }
  });
});

describe('maskInviteLink', () => {
  it.each([`traverse:join?invite=${token}`, `traverse:${token}`, `traverse:join?x=1&invite=${token}#frag`, token])(
    'hides the token in %s',
    (text) => {
      const masked = maskInviteLink(text);
      expect(masked).not.toContain(claimsPart);
      expect(masked).not.toContain(signaturePart);
    },
  );

  it('keeps what helps a person see which link it was, and stays short', () => {
    expect(maskInviteLink(`traverse:call?invite=${token}`)).toBe('traverse:call?invite=…');
    expect(maskInviteLink(`traverse:${'x'.repeat(500)}`).length).toBeLessThanOrEqual(81);
  });
});

describe('findDeepLink', () => {
  it('finds the link among launch arguments, whatever else Chromium or the OS added', () => {
    const link = `traverse:join?invite=${token}`;
    expect(findDeepLink(['/opt/Traverse/traverse', '--no-sandbox', link])).toBe(link);
    expect(
      findDeepLink([
        'C:\\Traverse\\Traverse.exe',
        '--allow-file-access-from-files',
        `Traverse://join/?invite=${token}`,
      ]),
    ).toBe(`Traverse://join/?invite=${token}`);
    expect(findDeepLink(['/usr/bin/electron', '.', link])).toBe(link);
  });

  it('finds nothing in a plain launch', () => {
    expect(findDeepLink(['/opt/Traverse/traverse'])).toBeNull();
    expect(findDeepLink(['/usr/bin/electron', '.', '--traverse:join'])).toBeNull();
    expect(findDeepLink([])).toBeNull();
  });
});

describe('protocolClientArgs', () => {
  it('a packaged app registers itself', () => {
    expect(
      protocolClientArgs({ execPath: '/opt/Traverse/traverse', argv: ['/opt/Traverse/traverse'] }, (p) => p),
    ).toEqual({ scheme: 'traverse' });
    expect(
      protocolClientArgs(
        { defaultApp: false, execPath: '/opt/Traverse/traverse', argv: ['/opt/Traverse/traverse', 'x'] },
        (p) => p,
      ),
    ).toEqual({
      scheme: 'traverse',
    });
  });

  it('in development the OS starts Electron with the app path, resolved', () => {
    expect(
      protocolClientArgs(
        {
          defaultApp: true,
          execPath: '/repo/node_modules/electron/dist/electron',
          argv: ['/repo/node_modules/electron/dist/electron', '.'],
        },
        (p) => (p === '.' ? '/repo' : p),
      ),
    ).toEqual({ scheme: 'traverse', path: '/repo/node_modules/electron/dist/electron', args: ['/repo'] });
  });
});
