/**
 * Connection test: the wall time of a full "Test servers" run with 2 TURN servers × 3 transports
 * (udp, tcp, tls) on loopback, driven through the real screen in the web harness: real coturns,
 * each with a certificate from a test CA that both the core (its TLS check) and Chromium (its
 * TURN-over-TLS client) are told to trust. Each round clicks "Test servers" and waits until the
 * screen says it finished (every path's row) and until the main process's NAT and certificate
 * sections have their answers; the median of ROUNDS rounds (5 by default). Per path: the row's
 * result and its time to a relay allocation, as the screen shows them.
 */
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarness } from '../tests/harness/web-harness';
import { startCoturn, type Coturn } from '../tests/support/coturn';
import { makeTestCa, type TlsCert } from '../tests/support/tls-cert';
import { configureTurnUrls, spkiHash, turnUrls } from '../tests/e2e/server-tester-trusted-lab';
import { median } from './median';

const TARGET_MS = 15_000;

interface PathFigure {
  url: string;
  result: string;
  /** The screen's "First candidate" (ms to the relay allocation), null without one. */
  firstCandidateMs: number | null;
}

interface Round {
  /** The page's clock: the click → the screen shows every path's row finished (ms). */
  rowsMs: number;
  /** The page's clock: the click → the NAT answer, the certificate rows (ms). */
  natMs: number;
  certificatesMs: number;
  /** The page's clock: the click → all three shown: the full test, as a person sees it (ms). */
  fullMs: number;
  /** This process's clock: Playwright's click sent → the page reported all shown (ms; adds the round trips). */
  harnessMs: number;
  /** The screen's own "Finished in N s" (from the run's start to its last row). */
  screenSeconds: number;
  paths: PathFigure[];
  certificates: string[];
  nat: string;
}

export interface ConnectionTestResult {
  name: 'connection-test';
  servers: number;
  transports: string[];
  rounds: Round[];
  rowsMedianMs: number;
  fullMedianMs: number;
  harnessMedianMs: number;
  /** One round with the second server stopped. */
  oneDown: Round;
  target: string;
}

/**
 * Marks, in the page's own clock, when the person's click landed and when the screen first showed
 * this run finished: its rows (the verdict's state), its NAT answer and its certificate rows. Each is
 * counted only after the screen showed it gone (a new run clears the last run's answers first).
 */
function watchScreen(expectedCertificates: number): void {
  const marks: Record<string, number> = {};
  const gone = new Set<string>();
  (window as unknown as { benchMarks: Record<string, number> }).benchMarks = marks;
  const shown: Record<string, () => boolean> = {
    rows: () => document.querySelector('[data-testid="server-test-verdict"]')?.getAttribute('data-state') === 'done',
    nat: () => document.querySelector('[data-testid="nat-behaviour"]') !== null,
    certificates: () => document.querySelectorAll('[data-testid="tls-certificate"]').length === expectedCertificates,
  };
  document.addEventListener('click', () => (marks.click = performance.now()), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (marks.click === undefined) return;
    for (const [name, isShown] of Object.entries(shown)) {
      if (!isShown()) gone.add(name);
      else if (gone.has(name) && marks[name] === undefined) marks[name] = performance.now() - marks.click;
    }
    if (Object.keys(shown).every((name) => marks[name] !== undefined)) observer.disconnect();
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function oneRound(page: Page, expectedCertificates: number): Promise<Round> {
  const tester = page.getByRole('region', { name: 'Server test' });
  await page.evaluate(watchScreen, expectedCertificates);
  const started = Date.now();
  await tester.getByRole('button', { name: 'Test servers' }).click();
  const marks = await page.waitForFunction(
    () => {
      const m = (window as unknown as { benchMarks: Record<string, number> }).benchMarks;
      return m.rows !== undefined && m.nat !== undefined && m.certificates !== undefined ? m : null;
    },
    null,
    { timeout: 60_000, polling: 50 },
  );
  const seen = (await marks.jsonValue()) as Record<string, number>;
  const harnessMs = Date.now() - started;
  const progress = await tester.getByTestId('server-test-progress').first().innerText();
  const paths = await tester.getByTestId('server-test-row').evaluateAll((rows) =>
    rows.map((r) => {
      const first = r.querySelector('[data-testid="first-candidate"]')?.textContent ?? '';
      return {
        url: r.getAttribute('data-url') ?? '',
        result: r.getAttribute('data-result') ?? '',
        firstCandidateMs: /^\d+ ms$/.test(first) ? Number.parseInt(first, 10) : null,
      };
    }),
  );
  return {
    rowsMs: Math.round(seen.rows!),
    fullMs: Math.round(Math.max(seen.rows!, seen.nat!, seen.certificates!)),
    natMs: Math.round(seen.nat!),
    certificatesMs: Math.round(seen.certificates!),
    harnessMs,
    screenSeconds: Number(/(?:Finished|Stopped) (?:in|after) (\d+(?:\.\d)?) s/.exec(progress)?.[1] ?? NaN),
    paths,
    // Each line's verdict; the cause and fix beneath a bad one stay on the screen.
    certificates: (await tester.getByTestId('tls-certificate').allInnerTexts()).map((t) => t.split('\n')[0]!),
    nat: await tester.getByTestId('nat-behaviour').locator('.st-verdict').innerText(),
  };
}

export async function runConnectionTestBench(rounds = Number(process.env.ROUNDS ?? 5)): Promise<ConnectionTestResult> {
  const ca = await makeTestCa();
  const certs: TlsCert[] = [await ca.issue({ days: 30 }), await ca.issue({ days: 30 })];
  const secret = `bench-${Math.random().toString(36).slice(2)}`;
  const coturns: Coturn[] = [];
  try {
    for (const cert of certs) coturns.push(await startCoturn({ secret, tls: cert }));
    const harness = await startHarness({ tlsExtraCa: [ca.certPem] });
    // Chromium checks a TURN server's certificate like a website's: told to trust these two, as the core is told the CA.
    const spki = await Promise.all(certs.map((c) => spkiHash(c.cert)));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki.join(',')}`],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
      // tsx names functions with a helper the page does not have.
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      await page.goto(harness.pageUrl('bench'));
      await page.getByRole('button', { name: 'Join' }).waitFor();
      await configureTurnUrls(page, secret, coturns.flatMap(turnUrls), 'bench');
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const all: Round[] = [];
      for (let i = 0; i < rounds; i += 1) all.push(await oneRound(page, coturns.length));
      // The same test with the second server stopped: what a dead server costs (UDP gets no refusal).
      await coturns[1]!.stop();
      const oneDown = await oneRound(page, coturns.length);
      return {
        name: 'connection-test',
        servers: coturns.length,
        transports: ['udp', 'tcp', 'tls'],
        rounds: all,
        rowsMedianMs: median(all.map((r) => r.rowsMs)),
        fullMedianMs: median(all.map((r) => r.fullMs)),
        harnessMedianMs: median(all.map((r) => r.harnessMs)),
        oneDown,
        target: `full test (every path, NAT and certificates) under ${TARGET_MS / 1000} s`,
      };
    } finally {
      await browser.close();
      await harness.close();
    }
  } finally {
    await Promise.all(coturns.map((c) => c.stop()));
    await ca.remove();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function pathLines(rounds: Round[]): string[] {
  return (rounds[0]?.paths ?? []).map((path) => {
    const seen = rounds.map((x) => x.paths.find((p) => p.url === path.url));
    const ms = seen.flatMap((p) => (p && p.firstCandidateMs !== null ? [p.firstCandidateMs] : []));
    const results = [...new Set(seen.map((p) => p?.result ?? '?'))].join('/');
    return `    ${path.url.padEnd(38)} ${results.padEnd(12)} ${ms.length ? `${median(ms)} ms` : '—'}`;
  });
}

export function connectionTestTable(r: ConnectionTestResult): string {
  const d = r.oneDown;
  return [
    `connection test ("Test servers", ${r.servers} TURN servers × ${r.transports.join('/')}, loopback), ${r.rounds.length} rounds, the page's clock from the click`,
    `  full (every path + NAT + certificates): median ${s(r.fullMedianMs)}   target < ${TARGET_MS / 1000} s: ${r.fullMedianMs < TARGET_MS ? 'met' : 'MISSED'}`,
    `  rows finished: median ${s(r.rowsMedianMs)}; Playwright's click sent → seen: median ${s(r.harnessMedianMs)}`,
    `  rounds (full): ${r.rounds.map((x) => s(x.fullMs)).join(', ')}`,
    `  rounds (rows / NAT / certificates): ${r.rounds.map((x) => `${s(x.rowsMs)}/${s(x.natMs)}/${s(x.certificatesMs)}`).join(', ')}`,
    "  per path: result, first relay candidate (the screen's column; median over rounds)",
    ...pathLines(r.rounds),
    `  certificates: ${r.rounds[0]?.certificates.join(' | ') ?? '—'}`,
    `  NAT: ${r.rounds[0]?.nat ?? '—'}`,
    `  one server down: full ${s(d.fullMs)} (rows ${s(d.rowsMs)}, NAT ${s(d.natMs)}, certificates ${s(d.certificatesMs)})`,
    ...pathLines([d]),
    `  certificates: ${d.certificates.join(' | ')}`,
    `  NAT: ${d.nat}`,
  ].join('\n');
}

export const bench = {
  async run() {
    const result = await runConnectionTestBench();
    return { result, table: connectionTestTable(result) };
  },
};
