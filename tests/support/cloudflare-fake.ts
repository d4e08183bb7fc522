/**
 * A local stand-in for Cloudflare's Realtime TURN API that answers exactly as
 * Cloudflare documents (developers.cloudflare.com/realtime/turn/generate-credentials):
 * `POST /v1/turn/keys/{keyId}/credentials/generate-ice-servers` with
 * `Authorization: Bearer <token>` and `{"ttl": N}` -> 201 and an `iceServers`
 * list. It checks the request the way the real API would (wrong path 404,
 * wrong token 401, bad body 400), records every request, and can be told to
 * misbehave (statuses, malformed JSON, the older one-object shape, a hang).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  | 'array' // today's documented shape: iceServers is a list, port 53 included
  | 'object' // the older documented shape: iceServers is one object
  | 'string-urls' // urls as a single string per server
  | { status: number; body?: string }
  | 'malformed'
  | 'hang';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface CloudflareFake {
  url: string;
  keyId: string;
  token: string;
  requests: RecordedRequest[];
  behave(behaviour: FakeBehaviour): void;
  /** The credentials of the last 201 answer. */
  lastCredentials(): { username: string; credential: string } | null;
  close(): Promise<void>;
}

/** Cloudflare's documented 201 body, with fresh random credentials. */
export function documentedAnswer(
  shape: 'array' | 'object' | 'string-urls',
  username: string,
  credential: string,
): unknown {
  if (shape === 'object') {
    return {
      iceServers: {
        urls: [
          'stun:stun.cloudflare.com:3478',
          'turn:turn.cloudflare.com:3478?transport=udp',
          'turn:turn.cloudflare.com:3478?transport=tcp',
          'turns:turn.cloudflare.com:5349?transport=tcp',
        ],
        username,
        credential,
      },
    };
  }
  if (shape === 'string-urls') {
    return {
      iceServers: [
        { urls: 'stun:stun.cloudflare.com:3478' },
        { urls: 'turn:turn.cloudflare.com:3478?transport=udp', username, credential },
        { urls: 'turn:turn.cloudflare.com:53?transport=udp', username, credential },
      ],
    };
  }
  return {
    iceServers: [
      { urls: ['stun:stun.cloudflare.com:3478', 'stun:stun.cloudflare.com:53'] },
      {
        urls: [
          'turn:turn.cloudflare.com:3478?transport=udp',
          'turn:turn.cloudflare.com:53?transport=udp',
          'turn:turn.cloudflare.com:3478?transport=tcp',
          'turn:turn.cloudflare.com:80?transport=tcp',
          'turns:turn.cloudflare.com:5349?transport=tcp',
          'turns:turn.cloudflare.com:443?transport=tcp',
        ],
        username,
        credential,
      },
    ],
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Cloudflare's error envelope. */
const cfError = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

export async function startCloudflareFake(options: { keyId?: string; token?: string } = {}): Promise<CloudflareFake> {
  const keyId = options.keyId ?? `key${randomBytes(8).toString('hex')}`;
  const token = options.token ?? randomBytes(32).toString('hex');
  const requests: RecordedRequest[] = [];
  let behaviour: FakeBehaviour = 'array';
  let last: { username: string; credential: string } | null = null;
  const hung = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      if (behaviour === 'hang') {
        hung.add(res);
        return;
      }
      if (typeof behaviour === 'object') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(behaviour.body ?? JSON.stringify(cfError(behaviour.status, 'forced by test')));
        return;
      }
      const match = /^\/v1\/turn\/keys\/([^/]+)\/credentials\/generate-ice-servers$/.exec(path);
      if (req.method !== 'POST' || !match) return json(res, 404, cfError(404, 'Not found'));
      if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, cfError(401, 'Unauthorized'));
      if (decodeURIComponent(match[1] ?? '') !== keyId) return json(res, 404, cfError(404, 'TURN key not found'));
      let ttl: unknown;
      try {
        ttl = (JSON.parse(body) as { ttl?: unknown }).ttl;
      } catch {
        return json(res, 400, cfError(400, 'Invalid JSON body'));
      }
      if (!Number.isInteger(ttl) || (ttl as number) <= 0 || (ttl as number) > 172_800)
        return json(res, 400, cfError(400, 'ttl must be 1..172800'));
      if (behaviour === 'malformed') {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"iceServers": [ {"urls": ');
        return;
      }
      last = { username: randomBytes(48).toString('hex'), credential: randomBytes(48).toString('hex') };
      json(res, 201, documentedAnswer(behaviour, last.username, last.credential));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keyId,
    token,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    lastCredentials: () => last,
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
