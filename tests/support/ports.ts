/** Free loopback ports for servers that tests start themselves. */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/** A port free for TCP on 127.0.0.1 (the OS picks it). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (TURN listens on both). */
export async function freeTcpUdpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freeTcpPort();
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('Could not find a port free for both TCP and UDP on 127.0.0.1');
}
