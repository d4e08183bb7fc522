/**
 * The connection test's questions for the main process (issue 18), asked once per run: first the
 * addresses of the servers' names (the rows are planned from them), then at once the NAT's
 * behaviour, the `turns:` certificates, and the credentials' lifetime. Each answer goes into the
 * run in the store as it arrives; without a main process each says so.
 */
import type { CredentialLifetime, MainProbe } from '../../../shared/connection-probes';
import { errorMessage } from '../../../shared/error-message';
import type { AddressesProbe } from '../../../shared/ice-test';
import type { IceStatus } from '../../../shared/ipc';
import { serverAddressesSchema } from '../../../shared/server-addresses';
import { optionalBridge } from '../bridge';
import { useStore } from '../store';

type ProbeKey = 'nat' | 'certificates' | 'credentials';

const lifetimeOf = (status: IceStatus, checkedAt: number): CredentialLifetime => ({
  mode: status.mode,
  source: status.source,
  expiresAt: status.expiresAt,
  refreshAt: status.refreshAt,
  lastError: status.lastError,
  checkedAt,
});

/** Resolves with the answer, or 'aborted' as soon as `signal` is. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve('aborted');
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The servers' names resolved by the main process (parsed here too: its addresses go into URLs); never throws. */
export async function askAddresses(signal: AbortSignal): Promise<AddressesProbe | 'aborted'> {
  const api = optionalBridge();
  if (!api) return { state: 'unavailable' };
  try {
    const value = await abortable(api.resolveServerHosts(), signal);
    return value === 'aborted' ? value : { state: 'done', value: serverAddressesSchema.parse(value) };
  } catch (error) {
    return { state: 'failed', error: errorMessage(error) };
  }
}

/** Marks every main-process answer of run `runId` as failed with `error` (the run could not ask). */
export function probesFailed(runId: number, error: string): void {
  const failed = { state: 'failed', error } as const;
  useStore.getState().patchServerTest(runId, { nat: failed, certificates: failed, credentials: failed });
}

/** Asks all three at once; resolves when each has its answer in the store (or the run was cancelled). */
export async function askMainProcess(runId: number, signal: AbortSignal): Promise<void> {
  const api = optionalBridge();
  const patch = (key: ProbeKey, probe: MainProbe) => useStore.getState().patchServerTest(runId, { [key]: probe });
  if (!api) {
    for (const key of ['nat', 'certificates', 'credentials'] as const) patch(key, { state: 'unavailable' });
    return;
  }
  const ask = async <T>(key: ProbeKey, question: () => Promise<T>) => {
    try {
      const value = await abortable(question(), signal);
      patch(
        key,
        value === 'aborted' ? { state: 'failed', error: 'cancelled' } : ({ state: 'done', value } as MainProbe),
      );
    } catch (error) {
      patch(key, { state: 'failed', error: errorMessage(error) });
    }
  };
  await Promise.all([
    ask('nat', () => api.probeNat()),
    ask('certificates', async () => (await api.checkTlsCertificates()).certificates),
    ask('credentials', async () => lifetimeOf(await api.iceStatus(), Date.now())),
  ]);
}
