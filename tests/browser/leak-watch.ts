/**
 * Counts what the call code leaves running in this page: every
 * RTCPeerConnection (and the configurations it was given), and the timers
 * started from renderer/src that were neither cleared nor fired (told apart
 * from the test runner's by the stack that created them). Installed once per
 * test file (each runs in its own frame).
 */
export const made: RTCPeerConnection[] = [];
/** Every configuration passed to setConfiguration, by connection. */
export const reconfigured = new Map<RTCPeerConnection, RTCConfiguration[]>();
export const pendingTimers = new Set<number>();

const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    made.push(this);
  }
  override setConfiguration(configuration?: RTCConfiguration): void {
    reconfigured.set(this, [...(reconfigured.get(this) ?? []), configuration ?? {}]);
    super.setConfiguration(configuration);
  }
};

const ours = () => /renderer\/src\//.test(new Error().stack ?? '');
const nativeSetTimeout = window.setTimeout.bind(window);
const nativeSetInterval = window.setInterval.bind(window);
const nativeClearTimeout = window.clearTimeout.bind(window);
const nativeClearInterval = window.clearInterval.bind(window);
window.setTimeout = ((fn: () => void, ms?: number) => {
  const id = nativeSetTimeout(() => {
    pendingTimers.delete(id);
    fn();
  }, ms);
  if (ours()) pendingTimers.add(id);
  return id;
}) as typeof window.setTimeout;
window.setInterval = ((fn: () => void, ms?: number) => {
  const id = nativeSetInterval(fn, ms);
  if (ours()) pendingTimers.add(id);
  return id;
}) as typeof window.setInterval;
window.clearTimeout = (id?: number) => {
  if (id !== undefined) pendingTimers.delete(id);
  nativeClearTimeout(id);
};
window.clearInterval = (id?: number) => {
  if (id !== undefined) pendingTimers.delete(id);
  nativeClearInterval(id);
};

/** Connections not closed (connectionState and signalingState both say so once close() ran). */
export function openConnections(): RTCPeerConnection[] {
  return made.filter((pc) => pc.connectionState !== 'closed' || pc.signalingState !== 'closed');
}

export function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}
