/** The PeerJS server (`peer` on npm) on 127.0.0.1, as its own process, for the signaling benchmark's comparison. */
import { PeerServer } from 'peer';

const port = Number(process.argv[2]);
PeerServer(
  { port, host: '127.0.0.1', path: '/', key: 'peerjs', concurrent_limit: 1_000_000, alive_timeout: 600_000 },
  () => {
    console.log(`PeerJS server listening on ${port}`);
  },
);
