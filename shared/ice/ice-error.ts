/**
 * The one place for the words a person reads when ICE configuration fails:
 * each error names what failed, the likely cause and the fix (the seed guide's
 * troubleshooting table, extended to every mode).
 */
import type { IceProblem } from './ice-types';
import { errorMessage } from '../error-message';

export class IceError extends Error {
  constructor(readonly problem: IceProblem) {
    super(`${problem.what}: ${problem.cause}. ${problem.fix}`);
    this.name = 'IceError';
  }
}

/** Any thrown value as a person-facing problem; unknown errors keep their message. */
export function toIceProblem(error: unknown, what = 'Could not get ICE servers'): IceProblem {
  if (error instanceof IceError) return error.problem;
  return {
    what,
    cause: errorMessage(error),
    fix: 'Check the ICE settings and try again; calls use STUN only until this is fixed',
  };
}

const CF_PLACE = 'Cloudflare dashboard → Media → Realtime → TURN Server';

export const cloudflareProblems = {
  missingKeyId: (): IceProblem => ({
    what: 'Cloudflare mode has no TURN key id',
    cause: 'the Turn Token ID field in Settings is empty',
    fix: `Copy the Turn Token ID from ${CF_PLACE} into Settings`,
  }),
  missingToken: (): IceProblem => ({
    what: 'Cloudflare mode has no API token',
    cause: 'no Cloudflare API token is stored on this computer',
    fix: `Paste the TURN key's API token (shown once, when the key is created in ${CF_PLACE}) into Settings`,
  }),
  unauthorized: (status: number): IceProblem => ({
    what: `Cloudflare API error ${status}`,
    cause: 'the API token is wrong or revoked, or lacks the Calls (Realtime) Edit permission',
    fix: `Create a new TURN key in ${CF_PLACE} (or a token with Calls Edit permission) and paste its API token into Settings`,
  }),
  notFound: (): IceProblem => ({
    what: 'Cloudflare API error 404',
    cause: 'the TURN key id is wrong, or the key was deleted',
    fix: `Double-check the Turn Token ID in ${CF_PLACE} and paste it into Settings`,
  }),
  badRequest: (status: number, ttl: number): IceProblem => ({
    what: `Cloudflare API error ${status}`,
    cause: `Cloudflare refused the request, most likely the credential lifetime (${ttl} s)`,
    fix: 'Use a TTL between 10 and 172800 seconds (3600 is a good default)',
  }),
  serverError: (status: number): IceProblem => ({
    what: `Cloudflare API error ${status}`,
    cause: "Cloudflare's TURN service had a problem answering",
    fix: 'Try again in a few minutes (see cloudflarestatus.com); until then calls use STUN only and may fail behind strict NATs',
  }),
  unexpectedStatus: (status: number): IceProblem => ({
    what: `Cloudflare API error ${status}`,
    cause: 'Cloudflare answered with a status Traverse does not expect',
    fix: 'Try again later; if it persists, check the API base URL and any proxy between this computer and Cloudflare',
  }),
  unreachable: (base: string, detail: string): IceProblem => ({
    what: `Could not reach Cloudflare at ${base}`,
    cause: `the network, DNS, a firewall or a proxy blocked the request (${detail})`,
    fix: 'Check this computer can reach rtc.live.cloudflare.com over HTTPS, or switch to server mode so the server asks Cloudflare',
  }),
  timeout: (base: string, ms: number): IceProblem => ({
    what: `Cloudflare did not answer within ${ms / 1000} s (${base})`,
    cause: 'a slow, filtered or hung network path to Cloudflare',
    fix: 'Try again; if it keeps happening, check proxies and firewalls, or switch to server mode',
  }),
  malformed: (detail: string): IceProblem => ({
    what: "Cloudflare's answer was not an ICE server list",
    cause: `the response did not match Cloudflare's documented shape (${detail}); a proxy or captive portal may have answered instead`,
    fix: 'Check the network (captive portals, proxies) and the API base URL, then try again',
  }),
};

export const sharedSecretProblems = {
  missingSecret: (): IceProblem => ({
    what: 'Shared-secret mode has no secret',
    cause: 'no TURN shared secret is stored on this computer',
    fix: "Paste the TURN server's static-auth-secret (coturn) or secret (eturnal) into Settings",
  }),
  missingUrls: (): IceProblem => ({
    what: 'Shared-secret mode has no TURN server',
    cause: 'the TURN URLs list in Settings is empty',
    fix: 'Add your TURN server, e.g. turn:turn.example.org:3478?transport=udp and turns:turn.example.org:5349',
  }),
};

export const manualProblems = {
  missingPassword: (url: string): IceProblem => ({
    what: `No password for ${url}`,
    cause: 'this TURN server has a username but no password is stored on this computer',
    fix: "Set the TURN server's password in Settings (Manual servers), or remove the entry",
  }),
};

export const serverProblems = {
  unreachable: (url: string, detail: string): IceProblem => ({
    what: `Could not reach the ICE endpoint ${url}`,
    cause: `the server is down or unreachable (${detail})`,
    fix: 'Check the signaling/ICE server address in Settings and that the server is running',
  }),
  timeout: (url: string, ms: number): IceProblem => ({
    what: `The ICE endpoint ${url} did not answer within ${ms / 1000} s`,
    cause: 'the server is overloaded or the network path is hung',
    fix: 'Try again; check the server and the network between you',
  }),
  refused: (url: string, status: number, detail?: IceProblem): IceProblem => {
    // The server's own words: a 4xx is about this app's request (say it as is), a 5xx about its minting.
    if (detail)
      return status < 500
        ? detail
        : {
            what: `The server could not mint ICE credentials (${detail.what})`,
            cause: detail.cause,
            fix: `${detail.fix} (on the server)`,
          };
    return {
      what: `The ICE endpoint ${url} answered HTTP ${status}`,
      cause:
        status === 401 || status === 403
          ? 'the server requires authentication this app did not provide'
          : 'the server is misconfigured or failing',
      fix: 'Ask the server operator to check ICE_MODE and its TURN settings, or use another mode',
    };
  },
  malformed: (url: string, detail: string): IceProblem => ({
    what: `The ICE endpoint ${url} sent something that is not an ICE server list`,
    cause: `the answer did not match the expected shape (${detail}); the URL may point at something else`,
    fix: 'Check the ICE server URL in Settings (empty means the signaling server)',
  }),
};

/** What a browser's icecandidateerror means, for the codes a person can do something about. */
export function turnErrorProblem(code: number, url: string): IceProblem | null {
  if (code === 401) {
    return {
      what: `TURN authentication failed (${url})`,
      cause:
        'the TURN server rejected the credentials: the shared secret or password does not match the server, or they expired (check both clocks)',
      fix: 'Copy the exact static-auth-secret (coturn) or secret (eturnal) from the TURN server into Settings, or re-enter the TURN password; then press Fetch now',
    };
  }
  if (code === 701) {
    return {
      what: `Could not reach the TURN server (${url})`,
      cause: 'the host or port is wrong, or a firewall blocks it',
      fix: 'Check the URL and port; open UDP 3478, or use turns: on TCP 5349/443',
    };
  }
  return null;
}

export const weakStorageProblem = (): IceProblem => ({
  what: 'Secrets were not stored',
  cause:
    "this Linux session has no keyring (Electron's basic_text backend), so a stored secret could be read by anyone who can read your profile",
  fix: 'Unlock or install a keyring (GNOME Keyring, KWallet), or tick "Store secrets with weaker protection" in Settings if you accept that risk; server mode needs no secret here at all',
});
