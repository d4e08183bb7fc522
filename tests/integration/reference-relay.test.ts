/**
 * The benchmark's reference relay is only a fair floor if it makes the checks
 * our server makes: it relays a valid signal within a pair, and refuses
 * malformed, oversized and cross-room ones and a flood past the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startReferenceRelay } from '../../bench/reference-relay';
import { DEFAULT_LIMITS } from '../../server/limits';
import { freeTcpPort } from '../support/ports';

let relay: Awaited<ReturnType<typeof startReferenceRelay>>;
let port: number;

beforeAll(async () => {
  port = await freeTcpPort();
  relay = await startReferenceRelay(port);
});
afterAll(() => relay.close());

interface Received {
  type: string;
  src?: string;
  payload?: { msg?: string; candidate?: { candidate: string } };
}

interface Conn {
  ws: WebSocket;
  next(): Promise<Received>;
}

const decode = (text: string) => JSON.parse(text) as Received;

async function connect(id: string): Promise<Conn> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t`);
  const queue: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  ws.on('message', (raw: Buffer) => {
    const text = raw.toString();
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  const conn: Conn = {
    ws,
    next: () =>
      new Promise((resolve) => {
        const text = queue.shift();
        if (text !== undefined) resolve(decode(text));
        else waiting.push((t) => resolve(decode(t)));
      }),
  };
  expect((await conn.next()).type).toBe('OPEN');
  return conn;
}

const candidate = (text: string) => ({
  candidate: { candidate: text, sdpMid: '0', sdpMLineIndex: 0 },
  type: 'media',
  connectionId: 'mc_1',
});

describe('bench/reference-relay.ts', () => {
  it('relays within a pair and refuses what our server refuses', async () => {
    const [a, b, c] = await Promise.all([connect('b1a'), connect('b1b'), connect('b2a')]);
    a.ws.send(
      JSON.stringify({
        type: 'CANDIDATE',
        dst: 'b1b',
        payload: candidate('candidate:1 1 udp 1 192.0.2.1 5000 typ host'),
      }),
    );
    expect(await b.next()).toMatchObject({
      type: 'CANDIDATE',
      src: 'b1a',
      payload: { candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host' } },
    });

    const refusals: [string, unknown][] = [
      ['not JSON', '{'],
      ['unknown type', { type: 'HELLO', dst: 'b1b', payload: candidate('x') }],
      ['oversized candidate', { type: 'CANDIDATE', dst: 'b1b', payload: candidate('c'.repeat(5_000)) }],
      ['extra field', { type: 'CANDIDATE', dst: 'b1b', payload: { ...candidate('x'), evil: true } }],
      ['another room', { type: 'CANDIDATE', dst: 'b2a', payload: candidate('x') }],
      ['nobody', { type: 'CANDIDATE', dst: 'b9a', payload: candidate('x') }],
    ];
    for (const [what, message] of refusals) {
      a.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      expect((await a.next()).type, what).toBe('ERROR');
    }

    // A flood: the burst passes, then the rate limit refuses.
    const flood = DEFAULT_LIMITS.eventBurst + 20;
    for (let i = 0; i < flood; i += 1)
      c.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: 'b2b', payload: candidate('x') }));
    const answers = await Promise.all(Array.from({ length: flood }, () => c.next()));
    expect(answers.filter((m) => m.payload?.msg === 'rate-limited').length).toBeGreaterThanOrEqual(10);
    for (const conn of [a, b, c]) conn.ws.close();
  });
});
