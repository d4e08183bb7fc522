/** Exposes `window.traverse`: named methods over ipcRenderer.invoke, nothing generic. */
import { contextBridge, ipcRenderer } from 'electron';
import { apiChannels, type ApiMethod, type TraverseApi } from '../shared/ipc-api';

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

function method(channel: string) {
  return async (payload?: unknown): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(channel, payload ?? null)) as Envelope;
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
}

const api = Object.fromEntries(
  (Object.keys(apiChannels) as ApiMethod[]).map((name) => [name, method(apiChannels[name])]),
) as unknown as TraverseApi;

contextBridge.exposeInMainWorld('traverse', api);
