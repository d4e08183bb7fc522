/**
 * The one WebSocket and session the signaling server keeps to Janus's VideoRoom plugin: opened
 * on first use, dropped when it ends (Janus restarted, or the session timed out) so the next
 * request opens a fresh one. Every request carries a freshly signed 60 s token.
 */
import { VIDEOROOM_PLUGIN } from '../shared/janus';
import { connectJanus, type JanusClient, type JanusHandle, type JanusSession } from './janus-client';
import { JanusError } from '../shared/janus-errors';
import { videoRoomApiToken } from './janus-tokens';

export interface RoomLinkOptions {
  url: string;
  tokenSecret: string;
  requestTimeoutMs?: number;
  keepaliveMs?: number;
  now: () => number;
  onProblem: (message: string) => void;
}

export interface RoomLink {
  /** Sends `body` to the VideoRoom. A request under a link that dies fails (in words); the next one reconnects. */
  videoRoom(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Destroys the session and closes the socket; later requests are refused. */
  close(): Promise<void>;
}

interface Link {
  client: JanusClient;
  session: JanusSession;
  handle: JanusHandle;
}

export function createRoomLink(options: RoomLinkOptions): RoomLink {
  let link: Promise<Link> | null = null;
  let closing = false;

  /** Opens a link; `lost` is called once it ends. */
  async function open(lost: () => void): Promise<Link> {
    const client = await connectJanus({
      url: options.url,
      auth: () => ({ token: videoRoomApiToken(options.tokenSecret, options.now() / 1000 + 60) }),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.keepaliveMs ? { keepaliveMs: options.keepaliveMs } : {}),
      onProblem: (error) => options.onProblem(error.message),
    });
    try {
      const session = await client.createSession();
      const handle = await session.attach(VIDEOROOM_PLUGIN);
      void session.ended.then(() => {
        lost();
        void client.close();
      });
      return { client, session, handle };
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The current link to Janus, opening one if there is none (a lost or failed link is dropped). */
  function currentLink(): Promise<Link> {
    if (closing)
      return Promise.reject(new JanusError('Janus rooms are closed: the signaling server is stopping.', 'connection'));
    if (link !== null) return link;
    const opening: Promise<Link> = open(() => {
      if (link === opening) link = null;
    });
    link = opening;
    opening.catch(() => {
      if (link === opening) link = null;
    });
    return opening;
  }

  return {
    async videoRoom(body) {
      return (await (await currentLink()).handle.send(body)).data;
    },
    async close() {
      closing = true;
      const current = link;
      link = null;
      if (!current) return;
      try {
        const { client, session } = await current;
        await session.destroy().catch(() => undefined);
        await client.close();
      } catch {
        // The link never opened: nothing to close.
      }
    },
  };
}
