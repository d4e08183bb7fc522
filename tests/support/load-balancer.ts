/**
 * A TCP load balancer on loopback for scale-out tests, standing in for nginx or
 * HAProxy: each new connection goes to the next backend round-robin (or, with
 * `failover`, always to the first that is up), and to the one after when a
 * backend refuses (it is down). No stickiness: WebSocket-only socket.io needs none.
 * With `latencyMs`, it also stands in for distance: every byte arrives that much
 * later each way, and a new connection carries data only after a round trip.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
  url: string;
  /** Where each connection so far went, by backend port. */
  routed: number[];
  close(): Promise<void>;
}

/** Copies `from` to `to`, each chunk `latencyMs` later (timers of one delay fire in order, so the stream stays in order). */
function forward(from: Socket, to: Socket, latencyMs: number): void {
  if (latencyMs === 0) return void from.pipe(to);
  from.on('data', (chunk: Buffer) => setTimeout(() => to.writable && to.write(chunk), latencyMs));
  from.once('end', () => setTimeout(() => to.end(), latencyMs));
}

export async function startLoadBalancer(
  backendPorts: number[],
  policy: 'round-robin' | 'failover' = 'round-robin',
  latencyMs = 0,
): Promise<LoadBalancer> {
  let next = 0;
  const routed: number[] = [];
  const open = new Set<Socket>();

  function pipeTo(client: Socket, attempt: number): void {
    if (attempt >= backendPorts.length) return void client.destroy();
    const port = backendPorts[(next + attempt) % backendPorts.length]!;
    const upstream = connect(port, '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      if (policy === 'round-robin') next = (next + attempt + 1) % backendPorts.length;
      routed.push(port);
      open.add(upstream);
      forward(upstream, client, latencyMs);
      // The client's first bytes wait out the handshake's round trip.
      setTimeout(() => {
        forward(client, upstream, latencyMs);
        client.resume();
      }, 2 * latencyMs);
    });
    upstream.once('error', () => {
      if (!connected)
        pipeTo(client, attempt + 1); // refused: that backend is down, try the next
      else client.destroy();
    });
    upstream.once('close', () => {
      open.delete(upstream);
      if (connected) setTimeout(() => client.destroy(), latencyMs);
    });
    client.once('close', () => setTimeout(() => upstream.destroy(), latencyMs));
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('error', () => client.destroy());
    client.once('close', () => open.delete(client));
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
