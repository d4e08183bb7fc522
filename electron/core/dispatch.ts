/**
 * Turns an untrusted (channel, payload) pair into a handler call: unknown
 * channels and payloads that fail the contract are refused, and the handler's
 * own failure comes back as a message rather than an exception.
 */
import { ipcContract, type IpcChannel, type IpcResult } from '../../shared/ipc';
import type { Handlers } from './handlers';
import { errorMessage } from '../../shared/error-message';

export function isIpcChannel(channel: unknown): channel is IpcChannel {
  return typeof channel === 'string' && Object.hasOwn(ipcContract, channel);
}

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<IpcResult<IpcChannel>> {
  if (!isIpcChannel(channel)) return { ok: false, error: `Unknown channel ${JSON.stringify(channel)}` };
  const request = ipcContract[channel].request.safeParse(payload ?? null);
  if (!request.success) {
    return {
      ok: false,
      error: `Invalid request for ${channel}: ${request.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`,
    };
  }
  try {
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>;
    const value = ipcContract[channel].response.parse(await handler(request.data));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}
