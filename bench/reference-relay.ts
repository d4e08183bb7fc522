/**
 * A reference point for the signaling benchmark, not a server anyone runs: the
 * least a relay can do per message and still make the checks ours makes
 * (parse, rate-limit, validate with the same zod schema, refuse a peer outside
 * the sender's room, name the sender), on a bare `ws` server speaking the
 * PeerJS wire format, so the same generator drives it as drives PeerJS.
 *
 * What it shows: how much of the gap between our server and PeerJS is socket.io
 * (framing, acks, rooms, recovery offsets), and how much any relay that checks
 * what it forwards pays. Rooms are the benchmark's pairs: ids `b<n>a` and
 * `b<n>b` share room `b<n>`.
 *
 * Run as its own process: `node --import tsx bench/reference-relay.ts <port>`.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { DEFAULT_LIMITS, MAX_HTTP_BUFFER_BYTES, TokenBucket } from '../server/limits';
import { iceCandidateSchema, peerIdSchema, sessionDescriptionSchema } from '../shared/signaling';

interface Peer {
  ws: WebSocket;
  room: string;
  events: TokenBucket;
}

/** The PeerJS message the generator sends, with its payload checked by our own schemas. */
const messageSchema = z.object({
  type: z.enum(['OFFER', 'ANSWER', 'CANDIDATE']),
  dst: peerIdSchema,
  payload: z.union([
    z.object({ candidate: iceCandidateSchema, type: z.string(), connectionId: z.string() }).strict(),
    z.object({ sdp: sessionDescriptionSchema, type: z.string(), connectionId: z.string() }).strict(),
  ]),
});

export function startReferenceRelay(port: number, host = '127.0.0.1'): Promise<{ close(): Promise<void> }> {
  const peers = new Map<string, Peer>();
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/peerjs', maxPayload: MAX_HTTP_BUFFER_BYTES });
  wss.on('connection', (ws, request) => {
    const id = new URL(request.url ?? '/', 'http://relay').searchParams.get('id') ?? '';
    if (!peerIdSchema.safeParse(id).success || peers.has(id)) return ws.close(1008, 'bad id');
    const self: Peer = {
      ws,
      room: id.slice(0, -1),
      events: new TokenBucket(DEFAULT_LIMITS.eventsPerSecond, DEFAULT_LIMITS.eventBurst),
    };
    peers.set(id, self);
    ws.send('{"type":"OPEN"}');
    ws.on('message', (raw: Buffer) => {
      const refuse = (why: string) => ws.send(JSON.stringify({ type: 'ERROR', payload: { msg: why } }));
      if (!self.events.take()) return refuse('rate-limited');
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch {
        return refuse('invalid');
      }
      const parsed = messageSchema.safeParse(json);
      if (!parsed.success) return refuse('invalid');
      const { type, dst, payload } = parsed.data;
      const target = peers.get(dst);
      if (!target || target.room !== self.room) return refuse('unknown-peer');
      target.ws.send(JSON.stringify({ type, src: id, dst, payload }));
    });
    ws.on('close', () => peers.delete(id));
  });
  return new Promise((resolve) =>
    http.listen(port, host, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close();
            http.close(() => done());
          }),
      }),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2]);
  await startReferenceRelay(port);
  console.log(`reference relay listening on ${port}`);
}
