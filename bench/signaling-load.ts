/**
 * The signaling load generator, run as its own process (forked by
 * bench/signaling.ts) so it never shares an event loop with the server it
 * measures. N clients in rooms of two, each sending at a steady rate: every
 * fifth message a description (~2 KB SDP), the rest trickled candidates.
 * Relay latency is receive time minus send time, both on this process's clock.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { z } from 'zod';
import { errorMessage } from '../shared/error-message';

const configSchema = z.object({
  protocol: z.enum(['socket.io', 'peerjs']),
  /** Member one of each pair connects to urls[0], member two to urls[1 % length]. */
  urls: z.array(z.string()).min(1),
  clients: z.number().int().positive(),
  ratePerClient: z.number().positive(),
  warmupMs: z.number().int().nonnegative(),
  measureMs: z.number().int().positive(),
});
export type LoadConfig = z.infer<typeof configSchema>;

export interface LoadResult {
  connectMs: number;
  sent: number;
  received: number;
  refused: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  messagesPerSecond: number;
  /** The generator's own event-loop delay p99: when high, the generator (not the server) limits the figures. */
  generatorLagP99Ms: number;
  /** Connections the server dropped while measuring, by reason (none expected). */
  disconnects: Record<string, number>;
  /** Every relay latency measured, in ms (0.01 ms steps), so rounds can be pooled. */
  latencies: number[];
}

export type LoadMessage =
  { type: 'ready'; connectMs: number } | { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

const SDP = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n${'a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n'.repeat(28)}`;
const CANDIDATE =
  'candidate:842163049 1 udp 1677729535 192.0.2.10 50124 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 8e1f network-cost 999';

interface Client {
  peer: () => string;
  send(seq: number, description: boolean): void;
  close(): void;
}

const sentAt = new Float64Array(4_000_000);
let seq = 0;
let measuring = false;
const latencies: number[] = [];
let received = 0;
let refused = 0;
const disconnects: Record<string, number> = {};

function onArrival(tag: string): void {
  const hash = tag.lastIndexOf('#');
  const n = Number(tag.slice(hash + 1));
  if (!measuring || !(n >= 0)) return;
  received += 1;
  latencies.push(performance.now() - sentAt[n]!);
}

/**
 * One socket.io client on a bare WebSocket, speaking the wire protocol (engine.io v4
 * frames, socket.io v5 packets) itself: per message it costs what the PeerJS clients
 * below cost (one ws frame, one JSON.parse), so the generator loads the machine the
 * same for both servers and the figures compare the servers. The app and the tests
 * use socket.io-client.
 */
function socketIoClient(
  url: string,
  onEvent: (name: string, payload: unknown) => void,
): Promise<{ id: string; ws: WebSocket; call: (name: string, arg: unknown) => Promise<unknown> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const acks = new Map<number, (value: unknown) => void>();
  let nextAck = 0;
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw: Buffer) => {
      const frame = raw.toString();
      if (frame === '2') return ws.send('3'); // engine.io ping
      if (frame.startsWith('0{')) return ws.send('40'); // engine.io open: connect to the main namespace
      if (frame.startsWith('40{')) {
        const { sid } = JSON.parse(frame.slice(2)) as { sid: string };
        return resolve({
          id: sid,
          ws,
          call: (name, arg) =>
            new Promise((done) => {
              const id = nextAck++;
              acks.set(id, done);
              ws.send(`42${id}${JSON.stringify([name, arg])}`);
            }),
        });
      }
      if (frame.startsWith('44')) return reject(new Error(`connection refused: ${frame.slice(2)}`));
      if (frame.startsWith('42[')) {
        const [name, payload] = JSON.parse(frame.slice(2)) as [string, unknown];
        return onEvent(name, payload);
      }
      const ack = /^43(\d+)\[/.exec(frame);
      if (ack) {
        const id = Number(ack[1]);
        acks.get(id)?.((JSON.parse(frame.slice(2 + ack[1]!.length)) as unknown[])[0]);
        acks.delete(id);
      }
    });
  });
}

async function socketIoPair(config: LoadConfig, index: number): Promise<Client[]> {
  const room = `bench-${index}`;
  const onEvent = (name: string, payload: unknown) => {
    if (name === 'signal') {
      const data = (payload as { data: { description?: { sdp: string }; candidate?: { candidate: string } } }).data;
      onArrival(data.description?.sdp ?? data.candidate?.candidate ?? '');
    } else if (name === 'signal-refused') refused += 1;
  };
  const sockets = [
    await socketIoClient(config.urls[0]!, onEvent),
    await socketIoClient(config.urls[1 % config.urls.length]!, onEvent),
  ];
  for (const [i, socket] of sockets.entries()) {
    const ack = (await socket.call('join', { room, name: `p${i}` })) as { ok: boolean };
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
    socket.ws.on('close', (code: number) => (disconnects[`close ${code}`] = (disconnects[`close ${code}`] ?? 0) + 1));
  }
  return sockets.map((socket, i) => {
    const other = sockets[1 - i]!.id;
    return {
      peer: () => other,
      send(n: number, description: boolean) {
        const data = description
          ? { description: { type: i === 0 ? 'offer' : 'answer', sdp: `${SDP}#${n}` } }
          : { candidate: { candidate: `${CANDIDATE}#${n}`, sdpMid: '0', sdpMLineIndex: 0 } };
        // As the app does: no ack, refusals come back as signal-refused.
        socket.ws.send(`42${JSON.stringify(['signal', { to: other, data }])}`);
      },
      close: () => socket.ws.close(),
    };
  });
}

async function peerJsPair(config: LoadConfig, index: number): Promise<Client[]> {
  const ids = [`b${index}a`, `b${index}b`];
  const make = (url: string, id: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/peerjs?key=peerjs&id=${id}&token=t${id}`);
      ws.once('message', (raw: Buffer) => {
        const first = JSON.parse(raw.toString()) as { type: string };
        if (first.type === 'OPEN') resolve(ws);
        else reject(new Error(`PeerJS server said ${first.type}`));
      });
      ws.once('error', reject);
    });
  const sockets = [await make(config.urls[0]!, ids[0]!), await make(config.urls[1 % config.urls.length]!, ids[1]!)];
  for (const ws of sockets) {
    ws.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as {
        payload?: { sdp?: { sdp: string }; candidate?: { candidate: string } };
      };
      onArrival(message.payload?.sdp?.sdp ?? message.payload?.candidate?.candidate ?? '');
    });
  }
  return sockets.map((ws, i) => ({
    peer: () => ids[1 - i]!,
    send(n: number, description: boolean) {
      const type = description ? (i === 0 ? 'OFFER' : 'ANSWER') : 'CANDIDATE';
      const payload = description
        ? { sdp: { type: i === 0 ? 'offer' : 'answer', sdp: `${SDP}#${n}` }, type: 'media', connectionId: 'mc_bench' }
        : {
            candidate: { candidate: `${CANDIDATE}#${n}`, sdpMid: '0', sdpMLineIndex: 0 },
            type: 'media',
            connectionId: 'mc_bench',
          };
      ws.send(JSON.stringify({ type, dst: ids[1 - i], payload }));
    },
    close: () => ws.close(),
  }));
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

async function main(
  config: LoadConfig,
  send: (m: LoadMessage) => Promise<void>,
  waitRun: Promise<void>,
): Promise<void> {
  const started = performance.now();
  const pairs = config.clients / 2;
  const clients: Client[] = [];
  const makePair = config.protocol === 'socket.io' ? socketIoPair : peerJsPair;
  const BATCH = 50;
  for (let i = 0; i < pairs; i += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, pairs - i) }, (_, j) => makePair(config, i + j)),
    );
    clients.push(...batch.flat());
  }
  await send({ type: 'ready', connectMs: Math.round(performance.now() - started) });
  await waitRun;

  // Steady rate: message k goes out at k / (clients × rate) seconds, round-robin over clients.
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const perSecond = config.clients * config.ratePerClient;
  const t0 = performance.now();
  let next = 0;
  let measureStart = 0;
  let sentMeasured = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      if (!measuring && elapsed >= config.warmupMs) {
        measuring = true;
        measureStart = performance.now();
        lag.enable();
      }
      if (elapsed >= config.warmupMs + config.measureMs) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor((elapsed / 1000) * perSecond);
      for (; next < due; next += 1) {
        const client = clients[next % clients.length]!;
        const n = seq++ % sentAt.length;
        sentAt[n] = performance.now();
        client.send(n, Math.floor(next / clients.length) % 5 === 0);
        if (measuring) sentMeasured += 1;
      }
    }, 2);
  });
  const measuredMs = performance.now() - measureStart;
  // Let in-flight messages land before counting.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  measuring = false;
  lag.disable();
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  const result = { ...disconnects };
  for (const client of clients) client.close();
  await send({
    type: 'result',
    result: {
      connectMs: Math.round(measureStart - started),
      sent: sentMeasured,
      received,
      refused,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? NaN),
      messagesPerSecond: Math.round(received / (measuredMs / 1000)),
      generatorLagP99Ms: round(lag.percentile(99) / 1e6),
      disconnects: result,
      latencies: latencies.map(round),
    },
  });
}

// Only when forked as the generator (bench/signaling.ts also imports this file for `percentile`).
if (process.send && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = configSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  // Resolves once the message is handed to the parent, so exiting cannot lose it.
  const reply = (m: LoadMessage) =>
    new Promise<void>((resolve) => process.send?.(m, undefined, undefined, () => resolve()));
  const waitRun = new Promise<void>((resolve) => process.once('message', () => resolve()));
  main(config, reply, waitRun).then(
    () => process.exit(0),
    async (error: unknown) => {
      await reply({ type: 'error', message: errorMessage(error) });
      process.exit(1);
    },
  );
}
