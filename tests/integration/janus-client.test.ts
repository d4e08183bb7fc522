/**
 * The Janus client against servers that are not a healthy Janus: a WebSocket server that
 * sends what Janus never would, one that never answers, one that hangs up, and no server at
 * all. Each is refused with words (what failed, likely cause, fix), never a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectJanus, type JanusClient } from '../../server/janus-client';
import { JanusError } from '../../shared/janus-errors';
import { freeTcpPort } from '../support/ports';

/** A tiny WebSocket server on loopback that answers each request with `reply(request)`. */
async function fakeJanus(reply: (request: { janus: string; transaction: string }, socket: WebSocket) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => [...p][0] ?? false });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => reply(JSON.parse(data.toString('utf8')) as never, socket)),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return { url: `ws://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(r)) };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('it was accepted'),
    (error: unknown) => (error instanceof JanusError ? error : expect.unreachable(String(error))),
  );

describe('Janus client against servers that are not a healthy Janus', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const open = async (url: string, extra: Partial<Parameters<typeof connectJanus>[0]> = {}) => {
    const problems: JanusError[] = [];
    const client: JanusClient = await connectJanus({ url, onProblem: (e) => problems.push(e), ...extra });
    cleanups.push(() => client.close());
    return { client, problems };
  };

  it('refuses malformed messages with words, fails the request they answer, and keeps working', async () => {
    const fake = await fakeJanus((request, socket) => {
      if (request.janus === 'create') {
        socket.send('not json at all');
        socket.send(Buffer.from([1, 2, 3]), { binary: true });
        socket.send(JSON.stringify({ janus: 'event', session_id: 'x' }));
        socket.send(
          JSON.stringify({ janus: 'success', transaction: request.transaction, data: { id: 'not-a-number' } }),
        );
      } else {
        const info = { version_string: '1.1.2', 'session-timeout': 60, auth_token: true, api_secret: false };
        socket.send(JSON.stringify({ janus: 'server_info', transaction: request.transaction, ...info, plugins: {} }));
      }
    });
    cleanups.push(fake.close);
    const { client, problems } = await open(fake.url);
    const error = await rejection(client.createSession());
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(
      /^Janus at ws:\/\/127\.0\.0\.1:\d+ sent a message Traverse does not understand \("janus": "success"; data\.id: .+\); it was ignored\. Likely cause: .+ Fix: point JANUS_URL at Janus/,
    );
    expect(problems.map((p) => p.message.slice(0, p.message.indexOf(';')))).toEqual([
      expect.stringMatching(/\(not JSON: "not json at all"\)$/),
      expect.stringMatching(/\(a binary frame\)$/),
      expect.stringMatching(/\("janus": "event"/),
    ]);
    expect((await client.info()).version_string).toBe('1.1.2');
  });

  it('says so when nothing listens, when Janus does not answer, and when it hangs up mid-request', async () => {
    const port = await freeTcpPort();
    const unreachable = await rejection(connectJanus({ url: `ws://127.0.0.1:${port}` }));
    expect(unreachable.message).toMatch(
      /^Could not reach Janus at ws:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\. Likely cause: Janus is not running/,
    );

    const silent = await fakeJanus(() => undefined);
    cleanups.push(silent.close);
    const { client } = await open(silent.url, { requestTimeoutMs: 200 });
    const timeout = await rejection(client.info());
    expect(timeout.message).toMatch(/did not answer an info request within 200 ms\. Likely cause: Janus is overloaded/);

    const hangsUp = await fakeJanus((_request, socket) => socket.terminate());
    cleanups.push(hangsUp.close);
    const closed = await rejection((await open(hangsUp.url)).client.createSession());
    expect(closed.message).toMatch(/closed before it answered creating a session\. Likely cause: Janus restarted/);
  });
});
