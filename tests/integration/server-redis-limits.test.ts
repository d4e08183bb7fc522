/**
 * Budgets across processes: two signaling servers sharing a real redis-server
 * (REDIS_URL) hand out one budget per address and per invite between them, not
 * one each. Without Redis each process counts on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILURE_LIMIT, ICE_LIMIT } from '../../server/budgets';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { createInvite, inviteKey } from '../../shared/invite';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis';

const SECRET = 'redis-limits-secret-0123456789abcdefghijk';
let redis: RedisServer;
let a: RunningSignalingServer;
let b: RunningSignalingServer;

beforeAll(async () => {
  if (!redisAvailable())
    throw new Error('redis-server is not installed: apt-get install redis-server (these tests need a real Redis)');
  redis = await startRedis();
  a = await startSignalingServer({ port: 0, redisUrl: redis.url, authSecret: SECRET, trustProxy: ['127.0.0.1'] });
  b = await startSignalingServer({ port: 0, redisUrl: redis.url, authSecret: SECRET, trustProxy: ['127.0.0.1'] });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

const ice = (server: RunningSignalingServer, headers: Record<string, string>) =>
  fetch(`${server.url}/ice`, { headers }).then((res) => res.status);

describe('budgets in Redis, shared by every process', () => {
  it(`one address gets ${ICE_LIMIT.points} ICE credentials across two processes, not twice that`, async () => {
    const statuses = [];
    for (let i = 0; i < ICE_LIMIT.points * 2; i += 1) {
      const invite = await createInvite(await inviteKey(SECRET), 'standup', 600); // a fresh invite each time
      const headers = { authorization: `Bearer ${invite}`, 'x-forwarded-for': '198.51.100.10' };
      statuses.push(await ice(i % 2 ? b : a, headers));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(ICE_LIMIT.points);
    expect(statuses.slice(ICE_LIMIT.points)).toEqual(Array(ICE_LIMIT.points).fill(429));
  });

  it(`one invite gets ${ICE_LIMIT.points} across two processes and many addresses`, async () => {
    const invite = await createInvite(await inviteKey(SECRET), 'standup', 600);
    const statuses = [];
    for (let i = 0; i < ICE_LIMIT.points * 2; i += 1)
      statuses.push(
        await ice(i % 2 ? b : a, { authorization: `Bearer ${invite}`, 'x-forwarded-for': `203.0.113.${i}` }),
      );
    expect(statuses.filter((s) => s === 200)).toHaveLength(ICE_LIMIT.points);
  });

  it('failed invite attempts from one address are counted once across processes', async () => {
    const statuses = [];
    for (let i = 0; i < AUTH_FAILURE_LIMIT.points * 2; i += 1)
      statuses.push(await ice(i % 2 ? b : a, { authorization: 'Bearer nonsense', 'x-forwarded-for': '192.0.2.50' }));
    expect(statuses.filter((s) => s === 401)).toHaveLength(AUTH_FAILURE_LIMIT.points);
    expect(statuses.at(-1)).toBe(429);
  });
});
