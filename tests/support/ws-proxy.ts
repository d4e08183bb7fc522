/**
 * Forwards WebSocket upgrades for one path on an HTTP server to a TCP port on loopback, as nginx
 * does for Janus in deploy/ (`location /janus`): browsers then reach Janus on the signaling
 * server's own origin, which is all the app's CSP connect-src allows.
 */
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Returns a closer that ends every proxied connection (an HTTP server's close() waits for them). */
export function proxyUpgrades(http: Server, path: string, port: number): () => void {
  const open = new Set<() => void>();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url !== path && !req.url?.startsWith(`${path}?`)) return;
    const upstream = connect(port, '127.0.0.1', () => {
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!;
        headers.push(`${name}: ${name.toLowerCase() === 'host' ? `127.0.0.1:${port}` : req.rawHeaders[i + 1]!}`);
      }
      upstream.write(`GET / HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    const end = () => {
      open.delete(end);
      upstream.destroy();
      socket.destroy();
    };
    open.add(end);
    upstream.on('error', end);
    upstream.on('close', end);
    socket.on('error', end);
    socket.on('close', end);
  });
  return () => {
    for (const end of [...open]) end();
  };
}
