/** Exposes `window.traverse`: named methods over ipcRenderer.invoke and named subscriptions, nothing generic. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiChannels, apiEvents, type ApiEventMethod, type ApiMethod, type TraverseApi } from '../shared/ipc-api';

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

function method(channel: string) {
  return async (payload?: unknown): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(channel, payload ?? null)) as Envelope;
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
}

/** One push channel; the listener gets the payload only, never the IPC event (it carries the sender). */
function subscription(channel: string) {
  return (listener: (payload: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  };
}

const api = Object.fromEntries([
  ...(Object.keys(apiChannels) as ApiMethod[]).map((name) => [name, method(apiChannels[name])]),
  ...(Object.keys(apiEvents) as ApiEventMethod[]).map((name) => [name, subscription(apiEvents[name])]),
]) as unknown as TraverseApi;

contextBridge.exposeInMainWorld('traverse', api);
