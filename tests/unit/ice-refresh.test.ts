/** The renderer side of credential refresh: pushes reach the live Room, with an ICE restart only when relayed. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IceConfig } from '../../shared/ipc';
import type { TraverseApi } from '../../shared/ipc-api';
import { applyIceUpdate, followRoomForIce } from '../../renderer/src/call/ice-refresh';
import { useStore } from '../../renderer/src/store';

const fresh: IceConfig = {
  iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: '1:ana', credential: 'c' }],
  expiresAt: Date.now() + 20_000,
  source: 'shared-secret',
  error: null,
  fetchedAt: Date.now(),
  ttlSeconds: 20,
};

function fakeRoom() {
  const calls: { configuration: RTCConfiguration; restart: boolean }[] = [];
  return { calls, reconfigure: (configuration: RTCConfiguration, restart: boolean) => calls.push({ configuration, restart }) };
}

afterEach(() => {
  followRoomForIce(null);
  useStore.getState().resetCall();
  vi.restoreAllMocks();
});

describe('ice-refresh', () => {
  it('gives the room the fresh servers and restarts ICE only when the call is relayed', () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const room = fakeRoom();
    expect(applyIceUpdate(room, fresh, false)).toBe(false);
    expect(applyIceUpdate(room, fresh, true)).toBe(true);
    expect(room.calls).toEqual([
      { configuration: { iceServers: fresh.iceServers }, restart: false },
      { configuration: { iceServers: fresh.iceServers }, restart: true },
    ]);
  });

  it('a failed refresh keeps the call on its current servers and tells the person why', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const room = fakeRoom();
    const failed = { ...fresh, source: 'stun-fallback', error: { what: 'Cloudflare API error 401', cause: 'c', fix: 'f' } };
    expect(applyIceUpdate(room, failed, true)).toBe(false);
    expect(room.calls).toEqual([]);
    expect(useStore.getState().notice).toContain('Cloudflare API error 401');
  });

  it('follows pushes while a room is live, reads relayed from the stats, and stops when the call ends', () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const listeners = new Set<(payload: IceConfig) => void>();
    const api = {
      onIceUpdated: (listener: (payload: IceConfig) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as TraverseApi;
    vi.stubGlobal('window', { traverse: api });
    const room = fakeRoom();
    followRoomForIce(room);
    useStore.getState().addPeer('p1', 'Ben');
    useStore.getState().setLink('p1', 'connected');
    useStore.getState().setStats('p1', { path: { relayed: true } } as never);
    for (const listener of listeners) listener(fresh);
    for (const listener of listeners) listener({ bogus: true } as never);
    expect(room.calls).toEqual([{ configuration: { iceServers: fresh.iceServers }, restart: true }]);
    followRoomForIce(null);
    expect(listeners.size).toBe(0);
    vi.unstubAllGlobals();
  });
});
