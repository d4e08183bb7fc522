/**
 * Turns zod issues about a settings patch into sentences a person can act on:
 * the field by the name on screen, what is wrong with it, and how to fix it.
 * The IPC contract's own text ("Invalid request for settings:set: ice.servers.0…")
 * never reaches the screen.
 */
import type { z } from 'zod';
import { TTL_MAX_SECONDS, TTL_MIN_SECONDS } from './config';
import { errorMessage } from './error-message';

type Issue = z.core.$ZodIssue;

/** The field's name as Settings shows it, from the issue's path. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const [top, second, index, leaf] = path.map(String);
  if (top === 'signalingUrl') return 'Signaling server URL';
  if (top === 'enabled') return 'Calls enabled';
  if (top === 'acceptWeakSecretStorage') return 'Store secrets with weaker protection';
  if (top !== 'ice') return 'A setting';
  if (second === 'servers' && index !== undefined && /^\d+$/.test(index)) {
    const n = Number(index) + 1;
    if (leaf === 'username') return `Server ${n} username`;
    if (leaf === 'credential') return `Server ${n} password`;
    return `Server ${n} URLs`;
  }
  const names: Record<string, string> = {
    mode: 'ICE mode',
    servers: 'Manual servers',
    ttlSeconds: 'Credential lifetime (TTL)',
    cloudflare: 'Turn Token ID',
    sharedSecret: index === 'user' ? 'TURN user name' : 'TURN URLs',
    server: 'ICE server URL',
  };
  return names[second ?? ''] ?? 'ICE settings';
}

/** Where to look again when the message itself does not say. */
const FIXES: Record<string, string> = {
  'Turn Token ID': 'Copy it again from the Cloudflare dashboard (Media → Realtime → TURN Server)',
  'ICE server URL':
    'Give a full address like https://signal.example.org/ice, or leave it empty to ask the signaling server',
  'Manual servers': 'Remove the servers you do not need',
};

function ending(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function sizeSentence(label: string, issue: Issue): string | null {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return null;
  if (label === 'Credential lifetime (TTL)') {
    return `${label}: it must be between ${TTL_MIN_SECONDS} and ${TTL_MAX_SECONDS} seconds. Enter a whole number in that range; 3600 suits calls of about 30 minutes.`;
  }
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const what = issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : '';
  const bound = issue.code === 'too_small' ? 'at least' : 'at most';
  return `${label}: must have ${bound} ${String(limit)} ${what}`.trimEnd() + '. ' + ending(FIXES[label] ?? 'Change it');
}

/** One sentence for one issue. */
export function issueSentence(issue: Issue): string {
  const label = fieldLabel(issue.path);
  const sized = sizeSentence(label, issue);
  if (sized) return sized;
  if (issue.code === 'invalid_type') return `${label}: this is not filled in correctly. Enter it again.`;
  if (issue.code === 'invalid_format' && label === 'ICE server URL') {
    return `${label}: it must be a full http:// or https:// address. ${ending(FIXES[label]!)}`;
  }
  const message = ending(issue.message);
  const fix = FIXES[label];
  return fix && !/: /.test(issue.message) ? `${label}: ${message} ${ending(fix)}` : `${label}: ${message}`;
}

/** Every problem once, in the order of the form. */
export function settingsProblems(error: z.ZodError): string[] {
  return [...new Set(error.issues.map(issueSentence))];
}

/** A failure from the main process: its sentence, with contract paths turned into field names. */
export function failureSentence(error: unknown): string {
  const text = errorMessage(error);
  const wrapped = /^Invalid request for [a-z:-]+: (.*)$/s.exec(text);
  if (!wrapped) return text;
  const parts = wrapped[1]!.split('; ').map((part) => {
    const m = /^([A-Za-z0-9_.]+): (.*)$/s.exec(part);
    return m ? `${fieldLabel(m[1]!.split('.'))}: ${ending(m[2]!)}` : ending(part);
  });
  return `The settings were not saved. ${parts.join(' ')}`;
}
