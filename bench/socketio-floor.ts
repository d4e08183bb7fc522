/**
 * A second reference point for the signaling benchmark, not a server anyone runs:
 * the least a socket.io server can do per relayed message. socket.io with the
 * transport ours uses (WebSocket only) and nothing else: no checks, no rate limit,
 * no rooms, no session recovery; a join is acked and a signal is written to the
 * socket it names, with the sender's id.
 *
 * What it shows: the CPU per message that socket.io itself costs (engine.io
 * framing, socket.io's parser and dispatch) before a server adds anything, so
 * that ours can be read against it as well as against PeerJS, which is neither.
 *
 * Run as its own process: `node --import tsx bench/socketio-floor.ts <port>`.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

interface FloorSignal {
  to: string;
  data: unknown;
}

export function startSocketIoFloor(port: number, host = '127.0.0.1'): Promise<{ close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => {
    socket.on('join', (_request: unknown, ack: (result: { ok: true; value: null }) => void) => {
      ack({ ok: true, value: null });
    });
    // Trusts what it is sent, as no deployed server may: that is the point of a floor.
    socket.on('signal', (signal: FloorSignal) => {
      io.sockets.sockets.get(signal.to)?.emit('signal', { from: socket.id, data: signal.data });
    });
  });
  return new Promise((resolve) =>
    http.listen(port, host, () =>
      resolve({
        close: async () => {
          await io.close();
        },
      }),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2]);
  await startSocketIoFloor(port);
  console.log(`socket.io floor listening on ${port}`);
}
