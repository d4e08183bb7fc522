/** JANUS_* from the environment: off when unset; when set, both secrets required, with words. */
import { describe, expect, it } from 'vitest';
import { readJanusEnv } from '../../server/janus-env';

const secret = 'a'.repeat(64);

describe('readJanusEnv', () => {
  it('is off without JANUS_URL, and fills JANUS_PUBLIC_URL from it', () => {
    expect(readJanusEnv({})).toBeNull();
    expect(
      readJanusEnv({ JANUS_URL: 'ws://127.0.0.1:8188', JANUS_TOKEN_SECRET: secret, JANUS_ADMIN_KEY: secret }),
    ).toEqual({
      url: 'ws://127.0.0.1:8188',
      publicUrl: 'ws://127.0.0.1:8188',
      tokenSecret: secret,
      adminKey: secret,
    });
  });

  it('names every missing or unusable setting and its fix', () => {
    expect(() => readJanusEnv({ JANUS_URL: 'ws://127.0.0.1:8188' })).toThrow(
      /JANUS_TOKEN_SECRET: JANUS_URL needs JANUS_TOKEN_SECRET[^\n]*\n {2}JANUS_ADMIN_KEY: JANUS_URL needs JANUS_ADMIN_KEY/,
    );
    expect(() =>
      readJanusEnv({ JANUS_URL: 'http://x', JANUS_TOKEN_SECRET: 'short', JANUS_ADMIN_KEY: `"${secret}` }),
    ).toThrow(
      /JANUS_URL: must be a ws:\/\/ or wss:\/\/ URL[\s\S]*at least 32 characters[\s\S]*no spaces, quotes or backslashes/,
    );
  });

  it('reads JANUS_MESH_MAX (0 to 4) and says what a wrong one must be', () => {
    const base = { JANUS_URL: 'ws://127.0.0.1:8188', JANUS_TOKEN_SECRET: secret, JANUS_ADMIN_KEY: secret };
    expect(readJanusEnv({ ...base, JANUS_MESH_MAX: '0' })?.meshMax).toBe(0);
    expect(readJanusEnv({ ...base, JANUS_MESH_MAX: '' })?.meshMax).toBeUndefined();
    expect(() => readJanusEnv({ ...base, JANUS_MESH_MAX: '6' })).toThrow(/JANUS_MESH_MAX: must be at most 4/);
    expect(() => readJanusEnv({ ...base, JANUS_MESH_MAX: 'two' })).toThrow(/JANUS_MESH_MAX: must be a whole number/);
  });
});
