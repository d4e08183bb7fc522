/**
 * The TURN-over-TLS certificate check against real coturn on loopback, with three
 * certificates made here: one from a test CA the check is told to trust, one
 * self-signed, one from that CA but expired ten days ago. The report says
 * "trusted, N days left", "untrusted (self-signed)" and "expired 10 days ago",
 * and names the bad certificate as the cause with its fix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';
import { checkTurnsCertificates } from '../../electron/core/tls-certificate';
import { createVault } from '../../electron/core/vault';
import { tlsCertificateReportsSchema } from '../../shared/tls-certificate';
import { tlsCertificateProblem, tlsCertificateSummary, tlsCertificateWords } from '../../shared/tls-words';
import { createAesSecretStorage } from '../harness/aes-secret-storage';
import { startCoturn, type Coturn } from '../support/coturn';
import { makeSelfSignedCert, makeTestCa, type TestCa, type TlsCert } from '../support/tls-cert';

let ca: TestCa;
const certs: TlsCert[] = [];
const servers: Record<'good' | 'selfSigned' | 'expired', Coturn> = {} as never;

const turnsUrl = (coturn: Coturn) => `turns:127.0.0.1:${coturn.tlsPort}?transport=tcp`;

beforeAll(async () => {
  ca = await makeTestCa();
  const good = await ca.issue({ days: 30 });
  const expired = await ca.issue({ days: -10, fromDaysAgo: 40 });
  const selfSigned = await makeSelfSignedCert();
  certs.push(good, expired, selfSigned);
  servers.good = await startCoturn({ tls: good });
  servers.selfSigned = await startCoturn({ tls: selfSigned });
  servers.expired = await startCoturn({ tls: expired });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await Promise.all(certs.map((c) => c.remove()));
  await ca?.remove();
});

describe('TURN over TLS: each turns: server’s certificate, from the main process', () => {
  it('trusted with days left, untrusted (self-signed), expired N days ago', async () => {
    const reports = tlsCertificateReportsSchema.parse(
      await checkTurnsCertificates(
        [
          { urls: [turnsUrl(servers.good), turnsUrl(servers.selfSigned)], username: 'u', credential: 'p' },
          { urls: turnsUrl(servers.expired) },
        ],
        { extraCa: [ca.certPem] },
      ),
    );
    for (const r of reports) console.log(`${r.url}: ${tlsCertificateSummary(r)}`);
    const [good, selfSigned, expired] = reports;
    expect(good).toMatchObject({ status: 'trusted', chainTrusted: true, nameMatches: true, selfSigned: false });
    expect(tlsCertificateWords(good!)).toBe('trusted, 29 days left');
    expect(good?.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(tlsCertificateProblem(good!)).toBeNull();

    expect(selfSigned).toMatchObject({
      status: 'untrusted',
      selfSigned: true,
      chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(tlsCertificateWords(selfSigned!)).toBe('untrusted (self-signed)');
    expect(tlsCertificateProblem(selfSigned!)?.cause).toBe(
      'The certificate is self-signed: nothing vouches that it belongs to this server',
    );

    expect(expired).toMatchObject({ status: 'expired', chainError: 'CERT_HAS_EXPIRED', chainTrusted: true });
    expect(tlsCertificateWords(expired!)).toBe('expired 10 days ago');
    expect(tlsCertificateProblem(expired!)?.cause).toMatch(
      /^The certificate expired on \d{4}-\d{2}-\d{2} \(expired 10 days ago\)$/,
    );
  });

  it('the CA-signed certificate is untrusted when the check is not told to trust the test CA', async () => {
    const [report] = await checkTurnsCertificates([{ urls: turnsUrl(servers.good) }]);
    expect(report).toMatchObject({ status: 'untrusted', selfSigned: false, issuer: 'Traverse Test CA' });
    expect(tlsCertificateWords(report!)).toBe('untrusted (issuer Traverse Test CA not trusted)');
  });

  it('over IPC: tls:check checks the turns: servers in settings, with the extra CA from the core’s ports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-tls-ipc-'));
    try {
      const handlers = createHandlers({
        settings: createSettingsStore(dir),
        vault: createVault({
          dir,
          storage: createAesSecretStorage(),
          acceptsWeakStorage: () => Promise.resolve(false),
        }),
        app: { version: 'test', platform: 'linux' },
        embeddedSignalingUrl: () => 'http://127.0.0.1:1',
        tlsExtraCa: [ca.certPem],
      });
      // Manual TURN entries serve only with their password, which goes to the vault.
      const turn = (coturn: Coturn) => ({ urls: turnsUrl(coturn), username: 'u', credential: 'p' });
      const saved = await dispatch(handlers, 'settings:set', {
        ice: { mode: 'manual', servers: [turn(servers.good), turn(servers.expired)] },
      });
      expect(saved).toMatchObject({ ok: true });
      const answer = await dispatch(handlers, 'tls:check', null);
      expect(answer).toMatchObject({
        ok: true,
        value: { certificates: [{ status: 'trusted' }, { status: 'expired' }] },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
