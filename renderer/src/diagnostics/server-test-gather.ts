/**
 * One server test in the browser: a peer connection with only that server
 * gathers candidates (relay-only for TURN, as a relay-only call would) until
 * the wanted candidate arrives, gathering completes, the deadline passes, or
 * the run is cancelled. A connection of its own per URL matters: Chromium
 * drops a reflexive address another server already reported.
 */
import type { GatherObservation, ServerTestTarget } from '../../../shared/ice-test';
import { errorMessage } from '../../../shared/error-message';

export interface GatherOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Called with each candidate or error as it arrives, so the row can show progress. */
  onProgress?: (seen: GatherObservation) => void;
}

export async function gatherOnce(target: ServerTestTarget, options: GatherOptions): Promise<GatherObservation> {
  const { row, server } = target;
  const wanted = row.kind === 'stun' ? 'srflx' : 'relay';
  const started = performance.now();
  const at = () => performance.now() - started;
  const seen: GatherObservation = { candidates: [], errors: [], completeAtMs: null, endedAtMs: 0, cancelled: false };
  if (options.signal.aborted) return { ...seen, cancelled: true };

  let pc: RTCPeerConnection;
  try {
    pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: row.kind === 'turn' ? 'relay' : 'all' });
  } catch (error) {
    // Chromium refuses some configurations outright (a TURN URL without a username, for one).
    const text = `The browser refused this server: ${errorMessage(error)}`;
    return { ...seen, errors: [{ code: 0, text, url: row.url, atMs: 0 }], completeAtMs: 0 };
  }
  try {
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        seen.endedAtMs = at();
        resolve();
      };
      const onAbort = () => {
        seen.cancelled = true;
        finish();
      };
      const timer = setTimeout(finish, options.timeoutMs);
      options.signal.addEventListener('abort', onAbort, { once: true });
      pc.onicecandidate = ({ candidate }) => {
        if (!candidate) {
          seen.completeAtMs = at();
          finish();
          return;
        }
        seen.candidates.push({
          type: candidate.type ?? 'unknown',
          address: candidate.address,
          port: candidate.port,
          atMs: at(),
        });
        options.onProgress?.(seen);
        // The first wanted candidate proves the server works: no need to wait for the rest.
        if (candidate.type === wanted) finish();
      };
      pc.onicecandidateerror = (event) => {
        seen.errors.push({ code: event.errorCode, text: event.errorText, url: event.url, atMs: at() });
        options.onProgress?.(seen);
      };
      // A data channel gives the offer something to gather candidates for; no media, no permission prompt.
      pc.createDataChannel('server-test');
      pc.createOffer()
        .then((offer) => pc.setLocalDescription(offer))
        .catch((error: unknown) => {
          seen.errors.push({
            code: 0,
            text: `The browser could not start gathering: ${errorMessage(error)}`,
            url: row.url,
            atMs: at(),
          });
          finish();
        });
    });
  } finally {
    pc.onicecandidate = null;
    pc.onicecandidateerror = null;
    pc.close();
  }
  return seen;
}
