/**
 * Connections that cost the server without ever joining (issue 14, finding 6):
 * too many sockets from one address, a socket that never authenticates, HTTP
 * requests whose headers never end, and a flood of CONNECT packets on one
 * WebSocket. Each is cut off; an honest client from another address still gets in.
 */
import { connect as tcpConnect } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvite, inviteKey } from '../../shared/invite';
import { DEFAULT_CONNECTION_LIMITS } from '../../server/connection-limits';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';

const running: RunningSignalingServer[] = [];
const open: WebSocket[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof startSignalingServer>[0] = {}): Promise<RunningSignalingServer> {
  const server = await startSignalingServer({ port: 0, ...options });
  running.push(server);
  return server;
}

/** A raw engine.io WebSocket: resolves once engine.io said hello ('open') or refused (the HTTP status). */
function engineSocket(server: RunningSignalingServer): Promise<{ ws: WebSocket; outcome: 'open' | number }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  open.push(ws);
  return new Promise((resolve) => {
    ws.once('message', () => resolve({ ws, outcome: 'open' }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, outcome: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws, outcome: 0 }));
  });
}
const closed = (ws: WebSocket) => new Promise<void>((resolve) => ws.once('close', () => resolve()));

describe('connection limits', () => {
  it('caps the sockets one address may hold open; the one past the cap is refused, a closed one frees its place', async () => {
    const server = await start({ connectionLimits: { ...DEFAULT_CONNECTION_LIMITS, perAddress: 5 } });
    const held = [];
    for (let i = 0; i < 5; i += 1) held.push(await engineSocket(server));
    expect(held.map((h) => h.outcome)).toEqual(Array(5).fill('open'));
    expect((await engineSocket(server)).outcome).toBeGreaterThanOrEqual(400);
    const gone = closed(held[0]!.ws);
    held[0]!.ws.close();
    await gone;
    await expect.poll(async () => (await engineSocket(server)).outcome, { timeout: 5_000 }).toBe('open');
  });

  it(`the default cap is ${DEFAULT_CONNECTION_LIMITS.perAddress} per address`, async () => {
    const server = await start();
    const outcomes = [];
    for (let i = 0; i <= DEFAULT_CONNECTION_LIMITS.perAddress; i += 1)
      outcomes.push((await engineSocket(server)).outcome);
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(DEFAULT_CONNECTION_LIMITS.perAddress);
  });

  it(`a connection that never connects to the namespace is closed after ${DEFAULT_CONNECTION_LIMITS.connectTimeoutMs} ms, not 45 s`, async () => {
    const server = await start();
    const { ws, outcome } = await engineSocket(server);
    expect(outcome).toBe('open');
    const started = performance.now();
    await closed(ws);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(DEFAULT_CONNECTION_LIMITS.connectTimeoutMs + 3_000);
  }, 20_000);

  it('an HTTP request whose headers never finish is cut off after headersTimeout', async () => {
    const server = await start({ connectionLimits: { ...DEFAULT_CONNECTION_LIMITS, headersTimeoutMs: 1_000 } });
    expect(server.http.requestTimeout).toBe(DEFAULT_CONNECTION_LIMITS.requestTimeoutMs);
    const socket = tcpConnect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const started = performance.now();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 20_000);

  it('the HTTP timeouts default to seconds, not minutes', async () => {
    const server = await start();
    expect(server.http.headersTimeout).toBe(DEFAULT_CONNECTION_LIMITS.headersTimeoutMs);
    expect(server.http.headersTimeout).toBeLessThanOrEqual(15_000);
    expect(server.http.requestTimeout).toBeLessThanOrEqual(30_000);
  });

  it('5,000 CONNECT packets with a valid invite on one WebSocket make one socket; the others are refused', async () => {
    // An invite secret makes the handshake's check asynchronous, the window socket.io left open.
    const secret = 'connect-flood-secret-0123456789abcdefghij';
    const server = await start({ authSecret: secret });
    const token = await createInvite(await inviteKey(secret), 'flood', 600);
    const { ws, outcome } = await engineSocket(server);
    expect(outcome).toBe('open');
    let made = 0;
    server.io.on('connection', () => (made += 1));
    let connected = 0;
    let refused = 0;
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('40')) connected += 1;
      else if (text.startsWith('44')) refused += 1;
    });
    const connect = `40${JSON.stringify({ token })}`;
    for (let i = 0; i < 5_000; i += 1) ws.send(connect);
    // Every CONNECT is answered (a socket or a refusal), or socket.io closes the connection when
    // a CONNECT arrives after the one socket is up.
    await expect
      .poll(() => connected + refused === 5_000 || ws.readyState === WebSocket.CLOSED, { timeout: 30_000 })
      .toBe(true);
    expect(made).toBeLessThanOrEqual(1);
    expect(connected).toBeLessThanOrEqual(1);
    expect(refused).toBeGreaterThan(0);
  }, 60_000);
});
