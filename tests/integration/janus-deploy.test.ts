/**
 * deploy/janus/ runs: Debian's Janus starts with the operator's three files, only the folder,
 * WebSocket port and secrets substituted and STUN pointed at a local coturn (the deploy file
 * names turn.example.org), loads only the VideoRoom and the WebSocket transport, and refuses
 * requests without a token.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JANUS_ERROR, VIDEOROOM_PLUGIN } from '../../shared/janus';
import { connectJanus } from '../../server/janus-client';
import { JanusError } from '../../shared/janus-errors';
import { createJanusRooms } from '../../server/janus-rooms';
import { startCoturn, type Coturn } from '../support/coturn';
import { janusTempDir, startJanusWithFiles } from '../support/janus';
import { freeTcpPort } from '../support/ports';

const read = (name: string) => readFileSync(new URL(`../../deploy/janus/${name}`, import.meta.url), 'utf8');

// No skip when Janus or coturn is missing: npm test installs both, and a skipped suite must not pass for a run one.
describe("deploy/janus/ on Debian's Janus", () => {
  const tokenSecret = randomBytes(24).toString('hex');
  const adminKey = randomBytes(24).toString('hex');
  let coturn: Coturn;
  let janus: Awaited<ReturnType<typeof startJanusWithFiles>>;
  let url: string;

  beforeAll(async () => {
    coturn = await startCoturn();
    const dir = await janusTempDir();
    const port = await freeTcpPort();
    url = `ws://127.0.0.1:${port}`;
    const substitute = (text: string, secret: string) =>
      text
        .replace('configs_folder = "/etc/janus"', `configs_folder = "${dir}"`)
        .replace('ws_port = 8188', `ws_port = ${port}`)
        .replace('stun_server = "turn.example.org"', 'stun_server = "127.0.0.1"')
        .replace('stun_port = 3478', `stun_port = ${coturn.port}`)
        .replace('"CHANGE-ME"', `"${secret}"`);
    const files = {
      'janus.jcfg': substitute(read('janus.jcfg'), tokenSecret),
      'janus.transport.websockets.jcfg': substitute(read('janus.transport.websockets.jcfg'), ''),
      'janus.plugin.videoroom.jcfg': substitute(read('janus.plugin.videoroom.jcfg'), adminKey),
    };
    // Only those lines changed: the rest is the operator's file as it stands.
    for (const [name, text] of Object.entries(files))
      expect(text.split('\n').length, name).toBe(read(name).split('\n').length);
    janus = await startJanusWithFiles(files, dir, port);
  });
  afterAll(async () => {
    await janus?.stop();
    await coturn?.stop();
  });

  it('starts, loads only the VideoRoom and the WebSocket transport, and asks coturn for its address', () => {
    const log = janus.log();
    expect([...log.matchAll(/^Loading (?:transport )?plugin '([^']+)'/gm)].map((m) => m[1])).toEqual([
      'libjanus_videoroom.so',
      'libjanus_websockets.so',
    ]);
    expect(log).toContain('Signed-Token based authentication enabled');
    expect(log).toMatch(/full-trickle/);
    expect(log).toContain(`STUN server to use: 127.0.0.1:${coturn.port}`);
  });

  it('refuses a request without a token, and the signaling side makes rooms with its secrets', async () => {
    const client = await connectJanus({ url });
    try {
      const error = await client.createSession().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(JanusError);
      expect((error as JanusError).code).toBe(JANUS_ERROR.unauthorized);
      const info = await client.info();
      expect(Object.keys(info.plugins)).toEqual([VIDEOROOM_PLUGIN]);
      expect(info).not.toHaveProperty('dependencies');
    } finally {
      await client.close();
    }
    const rooms = createJanusRooms({ url, publicUrl: url, tokenSecret, adminKey, sweepIntervalMs: 0 });
    try {
      expect(await rooms.ensureRoom('deployed')).toMatchObject({ created: true });
    } finally {
      await rooms.close();
    }
  });
});
