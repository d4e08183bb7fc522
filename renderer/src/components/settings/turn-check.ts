/**
 * Asks the browser to allocate a relay on each TURN server in the current
 * configuration, the way a relay-only call would. A relay candidate means the
 * credentials work; error 401 means they were refused.
 */
import { turnErrorProblem } from '../../../../shared/ice/ice-error';
import type { IceProblem, IceServer } from '../../../../shared/ice/ice-types';

export type TurnCheckResult = { ok: true; relays: number } | { ok: false; problem: IceProblem };

const GATHER_TIMEOUT_MS = 8_000;

export async function checkTurn(iceServers: IceServer[]): Promise<TurnCheckResult> {
  const turn = iceServers.filter((s) => [s.urls].flat().some((u) => /^turns?:/.test(u)));
  if (turn.length === 0) {
    return {
      ok: false,
      problem: {
        what: 'No TURN server to check',
        cause: 'the current configuration lists STUN servers only',
        fix: 'Configure TURN in this mode (or fix the error above), then check again',
      },
    };
  }
  const pc = new RTCPeerConnection({ iceServers: turn, iceTransportPolicy: 'relay' });
  try {
    const relays: string[] = [];
    const errors: IceProblem[] = [];
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
      pc.onicecandidate = ({ candidate }) => {
        if (candidate?.type === 'relay') relays.push(candidate.candidate);
        if (!candidate) {
          clearTimeout(timer);
          resolve();
        }
      };
      pc.onicecandidateerror = (event) => {
        const problem = turnErrorProblem(event.errorCode, event.url);
        if (problem) errors.push(problem);
      };
    });
    pc.createDataChannel('turn-check');
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    if (relays.length > 0) return { ok: true, relays: relays.length };
    return {
      ok: false,
      problem: errors[0] ?? {
        what: 'No relay candidate',
        cause: 'the TURN server did not answer in time or refused without a reason',
        fix: 'Check the URL, port and firewall, then check again',
      },
    };
  } finally {
    pc.close();
  }
}
