/**
 * Shared-secret mode refuses a stun: URL among its TURN URLs. Its words must send the person
 * somewhere true: the manual list is not used in this mode (mintIce gives calls the minted TURN
 * URLs only), so "STUN servers go in the manual list" was advice that changed nothing.
 */
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../shared/config';
import { mintIce } from '../../electron/core/ice-mint';

const base = settingsSchema.parse({});

describe('a STUN URL in shared-secret mode', () => {
  it('is refused with words that hold for this mode', async () => {
    const parsed = settingsSchema.safeParse({
      ...base,
      ice: { ...base.ice, mode: 'shared-secret', sharedSecret: { urls: ['stun:stun.example.org:3478'], user: 'ana' } },
    });
    expect(parsed.success).toBe(false);
    const message = parsed.error!.issues.map((i) => i.message).join('\n');
    // What the manual list holds is not what this mode's calls get:
    const minted = await mintIce(
      {
        ...base,
        ice: {
          ...base.ice,
          mode: 'shared-secret',
          servers: [{ urls: 'stun:stun.example.org:3478' }],
          sharedSecret: { urls: ['turn:turn.example.org:3478'], user: 'ana' },
        },
      },
      { vault: { get: () => Promise.resolve('secret') }, signalingUrl: () => Promise.resolve('') },
      { now: () => 0, invite: null },
    );
    expect(JSON.stringify(minted.iceServers)).not.toContain('stun.example.org');
    expect(message).not.toMatch(/manual list/);
    expect(message).toMatch(/a TURN server answers STUN too/);
  });
});
