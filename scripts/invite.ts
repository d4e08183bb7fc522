/**
 * `npm run invite -- <room> [--ttl 3600]`: prints an invite to one room, signed
 * with AUTH_SECRET (from the environment), and a traverse: link that opens the app
 * (or can be pasted into its Invite field).
 */
import { parseArgs } from 'node:util';
import { createInvite, inviteKey, MIN_SECRET_LENGTH } from '../shared/invite';
import { roomNameSchema } from '../shared/signaling';

const MAX_TTL_SECONDS = 30 * 24 * 3600;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ttl: { type: 'string', default: '3600' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length !== 1) {
  fail(
    'Usage: AUTH_SECRET=… npm run invite -- <room> [--ttl seconds]\nPrints an invite to <room> valid for --ttl seconds (default 3600).',
  );
}
const room = roomNameSchema.safeParse(positionals[0]);
if (!room.success) fail(`Invalid room name: ${room.error.issues[0]?.message ?? 'unknown problem'}.`);
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_TTL_SECONDS) {
  fail(`--ttl must be whole seconds between 60 and ${MAX_TTL_SECONDS} (30 days); got "${values.ttl}".`);
}
const secret = process.env.AUTH_SECRET ?? '';
if (secret.length < MIN_SECRET_LENGTH) {
  fail(
    `AUTH_SECRET is ${secret ? 'too short' : 'not set'}: it must be the same secret the signaling server runs with, at least ${MIN_SECRET_LENGTH} characters.\n` +
      "Run: AUTH_SECRET=<the server's secret> npm run invite -- <room>",
  );
}

const token = await createInvite(await inviteKey(secret), room.data, ttl);
const expires = new Date((Math.floor(Date.now() / 1000) + ttl) * 1000).toISOString();
console.log(`Invite to room "${room.data}", valid until ${expires}:\n`);
console.log(token);
console.log(
  `\nLink (opens Traverse where it is installed, or paste it into the Invite field): traverse:join?invite=${token}`,
);
