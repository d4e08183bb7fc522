/**
 * The harness's stand-in for the preload: defines `window.traverse` with the
 * same named methods, forwarded over HTTP to the handler table on loopback,
 * and the same `on…` subscriptions, fed by server-sent events. The per-run
 * token and the profile come from the page URL.
 */
import { apiChannels, apiEvents, type ApiEventMethod, type ApiMethod, type TraverseApi } from '../../shared/ipc-api';

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? '';
const profile = params.get('profile') ?? 'default';

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

function method(channel: string) {
  return async (payload?: unknown): Promise<unknown> => {
    const response = await fetch(`/__harness/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-traverse-token': token, 'x-traverse-profile': profile },
      body: JSON.stringify(payload ?? null),
    });
    if (response.status === 403)
      throw new Error('The harness refused this page: open the URL it printed, token included.');
    const result = (await response.json()) as Envelope;
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
}

// One event stream per page, opened on the first subscription, like the preload's ipcRenderer.on.
let events: EventSource | null = null;

function subscription(event: string) {
  return (listener: (payload: unknown) => void): (() => void) => {
    events ??= new EventSource(
      `/__harness/events?token=${encodeURIComponent(token)}&profile=${encodeURIComponent(profile)}`,
    );
    const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as unknown);
    events.addEventListener(event, handler);
    return () => events?.removeEventListener(event, handler);
  };
}

const api = Object.fromEntries([
  ...(Object.keys(apiChannels) as ApiMethod[]).map((name) => [name, method(apiChannels[name])]),
  ...(Object.keys(apiEvents) as ApiEventMethod[]).map((name) => [name, subscription(apiEvents[name])]),
]) as unknown as TraverseApi;

Object.defineProperty(window, 'traverse', { value: Object.freeze(api), writable: false, configurable: false });
