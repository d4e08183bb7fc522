/**
 * deploy/ holds copies of facts that live in the code; these checks keep them
 * from drifting: the systemd unit starts the server the way `npm run server`
 * does, its example environment file is one the server accepts once the secrets
 * are filled in, and the ports line up between the unit's instances and the
 * nginx site. (The files themselves run for real in
 * tests/integration/coturn-deploy.test.ts and tests/e2e/scale-out.spec.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readServerEnv } from '../../server/env';
import { readIceEnv } from '../../server/ice-env';

const read = (path: string) => readFileSync(new URL(`../../deploy/${path}`, import.meta.url), 'utf8');
const unit = read('systemd/traverse-signaling@.service');
const site = read('nginx/traverse.conf');
const janusCore = read('janus/janus.jcfg');
const janusWs = read('janus/janus.transport.websockets.jcfg');
const janusRoom = read('janus/janus.plugin.videoroom.jcfg');

/** The value of `key = value` lines outside comments (jcfg's libconfig syntax), quotes removed. */
const jcfg = (text: string, key: string) =>
  [...text.matchAll(new RegExp(`^\\s*${key}\\s*=\\s*"?([^"\\n]*?)"?\\s*$`, 'gm'))].map((m) => m[1]);

/** KEY=VALUE lines of an environment file (systemd's EnvironmentFile= syntax, without quoting). */
function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

describe('deploy/', () => {
  it('the systemd unit runs node the way npm run server does', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1];
    expect(execStart).toBe(`/usr/bin/${pkg.scripts.server}`);
  });

  it('the example environment file, its CHANGE-MEs filled in, is accepted by the server as it stands', () => {
    const example = parseEnvFile(read('systemd/signaling.env.example').replaceAll('CHANGE-ME', 'x'.repeat(48)));
    expect(example).not.toHaveProperty('PORT');
    expect(example).not.toHaveProperty('HOST');
    const env = { ...example, PORT: '4456', HOST: '127.0.0.1' };
    expect(readServerEnv(env)).toMatchObject({
      PORT: 4456,
      TRUST_PROXY: ['127.0.0.1'],
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(readIceEnv(env)).toMatchObject({ ICE_MODE: 'shared-secret' });
  });

  it("nginx's upstream is the unit's two instances on loopback", () => {
    expect(unit).toMatch(/^Environment=PORT=%i HOST=127\.0\.0\.1 /m);
    const upstream = [...site.matchAll(/^\s*server (127\.0\.0\.1:\d+) /gm)].map((m) => m[1]);
    expect(upstream).toEqual(['127.0.0.1:4456', '127.0.0.1:4457']);
    expect(unit).toContain('traverse-signaling@4456 traverse-signaling@4457');
  });

  it("Janus's abuse settings are on: token auth, no Admin API, loopback only, rooms and RTP forwarding behind the admin key", () => {
    expect(jcfg(janusCore, 'token_auth')).toEqual(['true']);
    expect(jcfg(janusCore, 'token_auth_secret')).toEqual(['CHANGE-ME']);
    expect(jcfg(janusCore, 'admin_secret')).toEqual([]);
    expect(jcfg(janusCore, 'api_secret')).toEqual([]);
    expect(jcfg(janusCore, 'hide_dependencies')).toEqual(['true']);
    expect(jcfg(janusWs, 'admin_ws')).toEqual(['false']);
    expect(jcfg(janusWs, 'admin_wss')).toEqual(['false']);
    expect(jcfg(janusWs, 'ws_ip')).toEqual(['127.0.0.1']);
    expect(jcfg(janusWs, 'ws_acl')).toEqual(['127.']);
    expect(jcfg(janusRoom, 'admin_key')).toEqual(['CHANGE-ME']);
    expect(jcfg(janusRoom, 'lock_rtp_forward')).toEqual(['true']);
    expect(janusRoom).not.toMatch(/^room-/m);
  });

  it('Janus loads only the VideoRoom plugin and the WebSocket transport, with full trickle', () => {
    const disabled = (section: string) =>
      new RegExp(`^${section}: \\{\\s*disable = "([^"]*)"`, 'm').exec(janusCore)?.[1]?.split(',') ?? [];
    expect(disabled('plugins')).not.toContain('libjanus_videoroom.so');
    expect(disabled('plugins')).toEqual(
      expect.arrayContaining(['libjanus_streaming.so', 'libjanus_sip.so', 'libjanus_lua.so']),
    );
    expect(disabled('transports')).toEqual(expect.arrayContaining(['libjanus_http.so', 'libjanus_pfunix.so']));
    expect(disabled('transports')).not.toContain('libjanus_websockets.so');
    expect(jcfg(janusCore, 'full_trickle')).toEqual(['true']);
    expect(janusCore).toMatch(/^\s*#nat_1_1_mapping = "CHANGE-ME"$/m);
  });
});
