/**
 * The signaling server URL a person types into Settings: empty (the server
 * built into the app) or one socket.io server given by scheme, host and port.
 * Each wrong input gets its own sentence with the fix. The host rule is the
 * one the renderer's Content-Security-Policy can name (electron/core/guards.ts):
 * a URL it could not allow would only fail later, without saying why.
 */
import { z } from 'zod';

/** Plain host names and bracketed IP literals: what a CSP source may carry without widening it. */
export const PLAIN_HOST = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i;

const SCHEMES = new Set(['https:', 'wss:', 'http:', 'ws:']);
const EXAMPLE = 'https://signal.example.org or ws://192.168.1.20:8080';

/** Why `text` cannot be the signaling server URL, or null when it can ('' means the built-in server). */
export function signalingUrlProblem(text: string): string | null {
  if (text === '') return null;
  if (text.trim() !== text) return 'has spaces before or after it: remove them';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
      ? `"${text}" is not a web address (check the host name and that the port is a number from 1 to 65535), e.g. ${EXAMPLE}`
      : `"${text}" is not a web address: write it in full with its scheme, e.g. ${EXAMPLE}`;
  }
  if (!SCHEMES.has(url.protocol)) {
    return `"${text}" starts with ${url.protocol}, but a signaling server is reached over https://, wss://, http:// or ws://: use one of those`;
  }
  if (url.username || url.password) {
    return 'contains a user name or password, which the signaling server does not take there: remove them (invites go into the lobby’s Invite field)';
  }
  if (!PLAIN_HOST.test(url.hostname)) {
    return `has "${url.hostname}" as its host: give one server's name or IP address (no wildcards or other symbols)`;
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    return `has a path or query (${url.pathname}${url.search}${url.hash}) after the host, which the app would take as a socket.io namespace the server does not have: give only scheme, host and port, e.g. https://${url.host}`;
  }
  return null;
}

export const signalingUrlSchema = z
  .string()
  .max(2048, 'is longer than 2048 characters: give only scheme, host and port')
  .superRefine((text, ctx) => {
    const problem = signalingUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
