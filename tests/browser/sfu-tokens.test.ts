/**
 * Janus tokens that outlive nobody: Janus checks a person's token on every request (keepalives,
 * subscribing to a newcomer), and the signaling server mints them for a few seconds here. A call
 * must fetch fresh ones before they expire (SfuLinks, through the Call's signaling), so someone
 * who joins after the first tokens expired is still received, and nobody reads a problem.
 * Real Janus, our signaling server, real Chromium.
 */
import { expect, it } from 'vitest';
import { sfuCallsForFile, seen } from './sfu-people';

/** How long the signaling server's Janus tokens last here (600 s by default). */
const TOKEN_TTL_S = 3;

const calls = sfuCallsForFile(0, TOKEN_TTL_S);

it('tokens are refreshed before they expire: a newcomer after the first ones expired is received, and nobody reads a problem', async () => {
  const room = `sfu-tokens-${Math.random().toString(36).slice(2, 8)}`;
  const ana = await calls.join(room, 'Ana');
  // Past the expiry of every token Ana was admitted with (whole seconds in Janus, so one more).
  const expired = Date.now() + (TOKEN_TTL_S + 1) * 1000;
  await expect.poll(() => Date.now() > expired, { timeout: (TOKEN_TTL_S + 3) * 1000 }).toBe(true);
  const ben = await calls.join(room, 'Ben');
  // Ana subscribes to Ben with the tokens she holds now.
  await expect.poll(() => seen(ana), { timeout: 20_000 }).toEqual(['Ben']);
  await expect.poll(() => seen(ben), { timeout: 20_000 }).toEqual(['Ana']);
  expect([...ana.problems, ...ben.problems]).toEqual([]);
}, 60_000);
