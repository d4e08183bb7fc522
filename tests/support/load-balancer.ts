/**
 * A TCP load balancer on loopback for scale-out tests, standing in for nginx or
 * HAProxy: each new connection goes to the next backend round-robin (or, with
 * `failover`, always to the first that is up), and to the one after when a
 * backend refuses (it is down). No stickiness: WebSocket-only socket.io needs none.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
  url: string;
  /** Where each connection so far went, by backend port. */
  routed: number[];
  close(): Promise<void>;
}

export async function startLoadBalancer(backendPorts: number[], policy: 'round-robin' | 'failover' = 'round-robin'): Promise<LoadBalancer> {
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
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.once('error', () => {
      if (!connected) pipeTo(client, attempt + 1); // refused: that backend is down, try the next
      else client.destroy();
    });
    upstream.once('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
    client.once('close', () => upstream.destroy());
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
