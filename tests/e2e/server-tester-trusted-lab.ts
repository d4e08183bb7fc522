/**
 * A connection test where TURN over TLS can pass: coturns whose certificates come from a test CA
 * that the core (its certificate check, `tlsExtraCa`) and Chromium (its TURN-over-TLS client,
 * `--ignore-certificate-errors-spki-list` naming those certificates' keys) are both told to trust,
 * as an install told to trust a company CA would. One more coturn has a certificate from the same CA
 * that expired 10 days ago, which nothing is told to accept. Shared-secret credentials, one secret.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { startHarness, type Harness } from '../harness/web-harness';
import { startCoturn, type Coturn } from '../support/coturn';
import { makeTestCa, type TestCa } from '../support/tls-cert';

export interface TrustedLab {
  /** Two servers with trusted certificates. */
  good: [Coturn, Coturn];
  /** A server whose certificate expired 10 days ago. */
  expired: Coturn;
  harness: Harness;
  browser: Browser;
  /** A fresh app instance using these TURN URLs (shared-secret mode), with Settings open. */
  open(urls: string[]): Promise<Page>;
  stop(): Promise<void>;
}

/** Chromium's form: base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
export async function spkiHash(certFile: string): Promise<string> {
  const spki = new X509Certificate(await readFile(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** A server's UDP, TCP and TLS paths. */
export const turnUrls = (c: Coturn): string[] => [
  `turn:127.0.0.1:${c.port}?transport=udp`,
  `turn:127.0.0.1:${c.port}?transport=tcp`,
  `turns:127.0.0.1:${c.tlsPort!}?transport=tcp`,
];

/** Saves shared-secret TURN settings with these URLs for one person's page. */
export async function configureTurnUrls(page: Page, secret: string, urls: string[], user = 'trusted'): Promise<void> {
  await page.evaluate(
    async ({ secret, urls, user }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      await api.setSecret({ name: 'turn-shared-secret', value: secret });
      await api.setSettings({
        ice: { ...ice, mode: 'shared-secret', ttlSeconds: 3600, sharedSecret: { urls, user } },
      });
    },
    { secret, urls, user },
  );
}

export async function startTrustedLab(): Promise<TrustedLab> {
  const ca: TestCa = await makeTestCa();
  const secret = `trusted-${Math.random().toString(36).slice(2)}`;
  const coturns: Coturn[] = [];
  try {
    const [a, b, old] = [await ca.issue({ days: 30 }), await ca.issue({ days: 30 }), await ca.issue({ days: -10 })];
    for (const tls of [a, b, old]) coturns.push(await startCoturn({ secret, tls }));
    const harness = await startHarness({ tlsExtraCa: [ca.certPem] });
    const spki = await Promise.all([a, b].map((c) => spkiHash(c.cert)));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki.join(',')}`],
    });
    return {
      good: [coturns[0]!, coturns[1]!],
      expired: coturns[2]!,
      harness,
      browser,
      async open(urls) {
        const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
        const page = await context.newPage();
        await page.goto(harness.pageUrl(`trusted${Math.random().toString(36).slice(2, 7)}`));
        await page.getByRole('button', { name: 'Join' }).waitFor();
        await configureTurnUrls(page, secret, urls);
        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await page.getByRole('dialog', { name: 'Settings' }).waitFor();
        return page;
      },
      async stop() {
        await browser.close();
        await harness.close();
        await Promise.all(coturns.map((c) => c.stop()));
        await ca.remove();
      },
    };
  } catch (error) {
    await Promise.all(coturns.map((c) => c.stop()));
    await ca.remove();
    throw error;
  }
}
