/**
 * fetch with a deadline that covers the body too, telling a timeout apart from
 * an unreachable host, so each can get its own message.
 */
import type { FetchPort } from './ice-types';
import { errorMessage } from '../error-message';

export type FetchOutcome =
  { kind: 'response'; status: number; body: string } | { kind: 'timeout' } | { kind: 'unreachable'; detail: string };

export async function fetchWithTimeout(
  fetchPort: FetchPort,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<FetchOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchPort(url, { ...init, signal: controller.signal });
    const body = await response.text();
    return { kind: 'response', status: response.status, body };
  } catch (error) {
    if (timedOut) return { kind: 'timeout' };
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'unreachable', detail: `${errorMessage(error)}${cause}` };
  } finally {
    clearTimeout(timer);
  }
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
