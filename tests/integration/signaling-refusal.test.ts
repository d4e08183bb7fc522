/**
 * A handshake the server refuses (an expired invite, the signaling server for real in invite
 * mode): the call hears the server's reason whenever it asks, even when the refusal came before it
 * began to wait for the connection (its servers were still on their way, on a loaded machine). Had
 * it missed the refusal it would wait its full timeout and then say the server may be down, which
 * is not so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite, inviteKey } from '../../shared/invite';
import { SignalingClient, SignalingRefused, type SignalingEvents } from '../../renderer/src/signaling/socket-signaling';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';

const SECRET = 'refusal-test-secret-0123456789abcdefghijkl';
const events: SignalingEvents = { state() {}, peerJoined() {}, peerLeft() {}, signal() {}, reconnected() {} };
let server: RunningSignalingServer;

beforeAll(async () => {
  server = await startSignalingServer({ port: 0, authSecret: SECRET });
});
afterAll(() => server.close());

describe('a refused handshake', () => {
  it('is the reason waitConnected gives, even when the refusal came before the wait began', async () => {
    const stale = await createInvite(await inviteKey(SECRET), 'standup', 60, Date.now() - 3_600_000);
    const client = new SignalingClient(server.url, events, () => stale);
    try {
      await expect.poll(() => client.alive, { message: 'the server refuses the handshake' }).toBe(false);
      const waited = client.waitConnected(server.url, 5_000);
      await expect(waited).rejects.toBeInstanceOf(SignalingRefused);
      await expect(waited).rejects.toMatchObject({ error: { code: 'auth-expired' } });
    } finally {
      client.close();
    }
  });
});
