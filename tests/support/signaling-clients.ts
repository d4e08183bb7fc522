/** socket.io clients for server tests: connected for real, joined with a typed ack, all closed after each test. */
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Ack, JoinResult } from '../../shared/signaling';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';

export interface SignalingClients {
  /** A fresh connected client of the server at `url()`; rejects if the handshake is refused. */
  connect: () => Promise<Socket>;
  join: (socket: Socket, room: string, name?: string) => Promise<Ack<JoinResult>>;
  /** Disconnects every client made so far (call it in afterEach). */
  closeAll: () => void;
}

export function signalingClients(url: () => string): SignalingClients {
  const clients: Socket[] = [];
  return {
    connect: async () => {
      const socket = io(url(), { transports: ['websocket'], forceNew: true, reconnection: false });
      clients.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    join: (socket, room, name = 'P') => socket.emitWithAck('join', { room, name }) as Promise<Ack<JoinResult>>,
    closeAll: () => {
      for (const c of clients.splice(0)) c.disconnect();
    },
  };
}

/**
 * The signaling server for real, started on port 0 once for the test file that calls this (at its
 * top level), closed after it; clients for it, closed after each test.
 */
export function signalingServerForFile(): SignalingClients & { readonly server: RunningSignalingServer } {
  let server: RunningSignalingServer | undefined;
  const running = () => {
    if (!server) throw new Error('the signaling server is not started yet (use it inside a test)');
    return server;
  };
  const clients = signalingClients(() => running().url);
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0 });
  });
  afterAll(() => server?.close());
  afterEach(() => clients.closeAll());
  return {
    ...clients,
    get server() {
      return running();
    },
  };
}
