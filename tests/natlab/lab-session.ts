/**
 * What every NAT-lab spec starts once: the lab's namespaces, coturn and the
 * harness on the internet, and Chromium inside each home; and stops again,
 * leaving no namespace behind.
 */
import { chromium, test, type Browser } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../chromium';
import { startCoturn, type Coturn } from '../support/coturn';
import { startJanus } from '../support/janus';
import { spawnUntilLog, type LoggedProcess } from '../support/spawn-until-log';
import {
  createLab,
  destroyLab,
  HOMES,
  INET,
  inNamespace,
  labUnavailable,
  SERVICE_IP,
  setNat,
  type HomeId,
} from './lab';
import type { LabSite } from './lab-person';

const PORT = 8080;
export const ORIGIN = `http://${SERVICE_IP}:${PORT}`;
/** A second harness, with every room on a Janus in the internet namespace (startLabHarnessWithJanus). */
const JANUS_HARNESS_PORT = 8090;
export const JANUS_ORIGIN = `http://${SERVICE_IP}:${JANUS_HARNESS_PORT}`;
/** A home's own harness (homeSite), on the home's loopback. */
const HOME_HARNESS_PORT = 8070;
const TOKEN = randomBytes(18).toString('base64url');
const WRAPPER = fileURLToPath(new URL('./chromium-in-netns.sh', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LabSession {
  coturn: Coturn;
  browsers: Record<HomeId, Browser>;
  /** Where the app is served and what a cell needs from coturn (with TURN or STUN only). */
  site(turn: boolean): LabSite;
  /**
   * Starts Debian's Janus in the internet namespace and a second harness whose every room is on it
   * (JANUS_MESH_MAX 0), and returns that harness's site; both stop with the session.
   */
  janusSite(turn: boolean): Promise<LabSite>;
  /**
   * A harness of home id's own, inside its namespace on its loopback (started once, stops with the
   * session): its core (NAT probe, certificate check) then measures from the home, as the main
   * process on a person's computer does. Good for the connection test; the home's calls use site().
   */
  homeSite(id: HomeId, turn: boolean): Promise<LabSite>;
  stop(): Promise<void>;
}

/** Starts the harness inside the internet namespace and resolves when it says it listens there. */
function startLabHarness(
  port = PORT,
  extraEnv: Record<string, string> = {},
  netns: string = INET,
): Promise<LoggedProcess> {
  const [command, args] = inNamespace(netns, process.execPath, ['--import', 'tsx', 'tests/natlab/lab-harness.ts']);
  return spawnUntilLog(command, args, {
    name: 'the lab harness',
    cwd: ROOT,
    env: {
      ...process.env,
      HARNESS_PORT: String(port),
      HARNESS_TOKEN: TOKEN,
      NATLAB_SERVICE_IP: SERVICE_IP,
      ...extraEnv,
    },
    until: 'NATLAB READY',
    timeoutMs: 60_000,
    killAfterMs: 5_000,
  });
}

function launchIn(id: HomeId): Promise<Browser> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.NATLAB_NETNS = HOMES[id].home;
  return chromium.launch({
    executablePath: WRAPPER,
    env,
    args: [
      ...CHROMIUM_ARGS,
      // The page comes from a lab address, not loopback; camera and microphone need a secure context.
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN},${JANUS_ORIGIN}`,
      // With media permission granted Chromium exposes host addresses anyway; this makes it certain,
      // since mDNS names cannot be resolved across namespaces and would turn host pairs into prflx.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

/** Builds the lab (both homes plain routing until a cell sets their NAT) and starts everything on it. */
export async function startLabSession(): Promise<LabSession> {
  await createLab();
  await setNat('a', 'none');
  await setNat('b', 'none');
  const stops: (() => Promise<unknown>)[] = [destroyLab];
  const stop = async () => {
    // Whatever happened, no lab namespace outlives the run: the lab goes last.
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    // Lab addresses are documentation ranges, which coturn does not deny by default; loopback peers are not needed here.
    const coturn = await startCoturn({ netns: INET, listeningIp: SERVICE_IP, port: 3478, allowLoopbackPeers: false });
    stops.push(() => coturn.stop());
    const harness = await startLabHarness(PORT, { NATLAB_EXTRA_HOSTS: `127.0.0.1:${HOME_HARNESS_PORT}` });
    stops.push(() => harness.stop());
    const a = await launchIn('a');
    stops.push(() => a.close());
    const b = await launchIn('b');
    stops.push(() => b.close());
    const site = (origin: string, turn: boolean): LabSite => ({
      origin,
      token: TOKEN,
      server: `${SERVICE_IP}:3478`,
      turnSecret: turn ? coturn.secret : null,
    });
    let janusStarted: Promise<void> | null = null;
    const homeHarnesses: Partial<Record<HomeId, Promise<void>>> = {};
    const startJanusSite = async () => {
      const janus = await startJanus({ netns: INET });
      stops.push(() => janus.stop());
      const withJanus = await startLabHarness(JANUS_HARNESS_PORT, {
        NATLAB_JANUS_PORT: String(janus.port),
        NATLAB_JANUS_TOKEN_SECRET: janus.tokenSecret,
        NATLAB_JANUS_ADMIN_KEY: janus.adminKey,
      });
      stops.push(() => withJanus.stop());
    };
    return {
      coturn,
      browsers: { a, b },
      site: (turn) => site(ORIGIN, turn),
      async janusSite(turn) {
        await (janusStarted ??= startJanusSite());
        return site(JANUS_ORIGIN, turn);
      },
      async homeSite(id, turn) {
        await (homeHarnesses[id] ??= startLabHarness(
          HOME_HARNESS_PORT,
          { NATLAB_SERVICE_IP: '127.0.0.1' },
          HOMES[id].home,
        ).then((harness) => void stops.push(() => harness.stop())));
        return { ...site(`http://127.0.0.1:${HOME_HARNESS_PORT}`, turn), signaling: ORIGIN };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface FileLab {
  /** Why the lab cannot run here (each test skips, saying it), or null. */
  readonly unavailable: string | null;
  /** The session, once beforeAll started it. */
  readonly session: LabSession;
}

/**
 * One lab session for a spec file: started before its tests (unless the lab cannot run here, said
 * once), stopped after them, `beforeStop` first (what the file started on the lab).
 */
export function labSessionForFile(beforeStop?: () => Promise<unknown>): FileLab {
  let unavailable: string | null = null;
  let session: LabSession | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    unavailable = await labUnavailable();
    if (unavailable) {
      console.log(`NAT lab SKIPPED: ${unavailable}`);
      return;
    }
    session = await startLabSession();
  });
  test.afterAll(async () => {
    await beforeStop?.();
    await session?.stop();
  });
  return {
    get unavailable() {
      return unavailable;
    },
    get session() {
      if (!session) throw new Error('the NAT lab session has not started (or the lab is unavailable)');
      return session;
    },
  };
}
