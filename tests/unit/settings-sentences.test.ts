/**
 * The sentences Settings shows: each wrong signaling URL gets its own, with
 * the fix; zod issues about a settings patch name the field as the screen
 * does, never the contract path; the tester's verdict is red when nothing
 * that matters works and green only when everything does.
 */
import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../shared/config';
import { verdictOutcome } from '../../shared/ice-test-words';
import type { ServerTestRow } from '../../shared/ice-test';
import { signalingUrlProblem } from '../../shared/signaling-url';
import { failureSentence, settingsProblems } from '../../shared/settings-words';
import { contentSecurityPolicy } from '../../electron/core/guards';

describe('signaling server URL', () => {
  it.each([
    ['', null],
    ['https://signal.example.org', null],
    ['wss://signal.example.org:8443', null],
    ['http://192.168.1.20:8080/', null],
    ['ws://[::1]:4000', null],
  ])('accepts %s', (url, problem) => expect(signalingUrlProblem(url)).toBe(problem));

  it.each([
    ['signal example', /is not a web address: write it in full/],
    ['https://signal.example.org:99999', /port is a number from 1 to 65535/],
    ['ftp://signal.example.org', /starts with ftp:/],
    ['https://*.example.org', /one server's name or IP address/],
    ['https://ana:pw@signal.example.org', /user name or password/],
    ['https://signal.example.org/rooms', /path or query \(\/rooms\)/],
    [' https://signal.example.org', /spaces/],
  ])('refuses %s with its own sentence', (url, sentence) => expect(signalingUrlProblem(url)).toMatch(sentence));

  it('every URL Settings accepts is one the CSP allows', () => {
    for (const url of ['https://signal.example.org', 'ws://10.0.0.5:3000', 'http://[::1]:4000']) {
      expect(signalingUrlProblem(url)).toBeNull();
      expect(contentSecurityPolicy(url)).toContain(new URL(url).host);
    }
  });
});

describe('settings problems in words', () => {
  const problems = (patch: unknown) => {
    const result = settingsPatchSchema.safeParse(patch);
    if (result.success) throw new Error('expected a problem');
    return settingsProblems(result.error);
  };

  it('names the field as the screen does, says what is wrong and the fix', () => {
    const [line] = problems({ ice: { mode: 'manual', servers: [{ urls: 'turn:turn.example.org:3478' }] } });
    expect(line).toMatch(/^Server 1 username: turn:turn\.example\.org:3478 has no username: .*Add the username/);
    expect(problems({ ice: { ttlSeconds: 5 } })[0]).toMatch(/^Credential lifetime \(TTL\): .*between 10 and 172800/);
    expect(problems({ ice: { cloudflare: { tokenId: 'no spaces!' } } })[0]).toMatch(
      /^Turn Token ID: .*Copy it again from the Cloudflare dashboard/,
    );
    expect(problems({ signalingUrl: 'ftp://x.org' })[0]).toMatch(/^Signaling server URL: "ftp:\/\/x\.org" starts with/);
    expect(problems({ ice: { server: { url: 'nope' } } })[0]).toMatch(/^ICE server URL: it must be a full http/);
  });

  it('never shows the contract path or the IPC wrapper', () => {
    const all = [
      ...problems({ ice: { servers: [{ urls: 'turn:x.org' }], ttlSeconds: 1e9 } }),
      failureSentence(new Error('Invalid request for settings:set: ice.servers.0.username: no username')),
    ];
    for (const line of all) {
      expect(line).not.toMatch(/ice\.servers\.\d|ttlSeconds|Invalid request for/);
    }
  });
});

describe('server tester verdict outcome', () => {
  const row = (kind: 'stun' | 'turn', result: ServerTestRow['result']): ServerTestRow => ({
    id: `${kind}${result}`,
    url: `${kind}:h:1`,
    configuredUrl: `${kind}:h:1`,
    kind,
    transport: 'udp',
    host: 'h',
    port: 1,
    label: kind,
    family: null,
    status: 'done',
    result,
    firstCandidateMs: null,
    address: null,
    error: null,
    elapsedMs: 1,
    problem: null,
    path: null,
    pathError: null,
  });
  const run = (rows: ServerTestRow[]) => ({ state: 'done' as const, rows, providerProblem: null });

  it('is failed when the only TURN relay allocated but carried no data', () => {
    expect(verdictOutcome(run([row('turn', 'no-data'), row('stun', 'ok')]))).toBe('failed');
  });

  it('is failed when no TURN server works, even if STUN does', () => {
    expect(verdictOutcome(run([row('turn', 'auth-failed'), row('stun', 'ok')]))).toBe('failed');
    expect(verdictOutcome(run([row('turn', 'auth-failed')]))).toBe('failed');
  });
  it('is ok only when everything works, partial otherwise', () => {
    expect(verdictOutcome(run([row('turn', 'ok'), row('stun', 'ok')]))).toBe('ok');
    expect(verdictOutcome(run([row('turn', 'ok'), row('turn', 'timed-out')]))).toBe('partial');
    expect(verdictOutcome(run([row('stun', 'ok')]))).toBe('partial');
  });
  it('is pending while it runs', () => {
    expect(verdictOutcome({ ...run([]), state: 'running' })).toBe('pending');
  });
});
