/**
 * The certificate of each `turns:` server, checked from the main process (issue 18):
 * a TLS handshake that does not give up on a bad certificate, so it can say what is
 * wrong with it: the chain against the trusted roots (the system store, plus any
 * extra CA the app is told to trust), the name against the host (RFC 6125, as Node
 * checks it), the days until notAfter, and the TLS version.
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { IceServer } from '../../shared/ice/ice-types';
import { errorMessage } from '../../shared/error-message';
import type { TlsCertificateReport, TlsCertificateStatus } from '../../shared/tls-certificate';
import { tlsTargets, type TlsTarget } from '../../shared/tls-targets';

const DAY_MS = 86_400_000;

export interface TlsCheckOptions {
  /** CA certificates (PEM) trusted besides the system's: a company CA, or a test's. */
  extraCa?: readonly string[];
  timeoutMs?: number;
  now?: () => number;
}

/** Node's roots plus the operating system's where this Node can read them (22.15+, Electron 36+). */
function trustedRoots(extraCa: readonly string[]): string[] {
  const read = (tls as { getCACertificates?: (kind: 'default' | 'system') => string[] }).getCACertificates;
  const roots = read ? [...read('default'), ...read('system')] : [...tls.rootCertificates];
  return [...roots, ...extraCa];
}

/** The handshake, never refused for the certificate: what is wrong with it is read off afterwards. */
function handshake(target: TlsTarget, ca: string[], timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ca,
      rejectUnauthorized: false,
      // SNI carries names only (RFC 6066 §3); the name is checked below, on its own.
      ...(isIP(target.host) ? {} : { servername: target.host }),
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A distinguished name's CN (OpenSSL may give several). */
const commonName = (name: tls.Certificate | undefined): string | null =>
  name?.CN === undefined ? null : [name.CN].flat().join(', ');

const EXPIRY_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function statusOf(
  report: Pick<TlsCertificateReport, 'chainTrusted' | 'nameMatches' | 'daysLeft' | 'chainError'>,
  validFrom: number,
  now: number,
): TlsCertificateStatus {
  if ((report.daysLeft ?? 0) < 0 || report.chainError === 'CERT_HAS_EXPIRED') return 'expired';
  if (validFrom > now || report.chainError === 'CERT_NOT_YET_VALID') return 'not-yet-valid';
  if (!report.chainTrusted) return 'untrusted';
  return report.nameMatches ? 'trusted' : 'name-mismatch';
}

/** One `turns:` server's certificate; never throws for network or certificate trouble. */
async function checkTlsCertificate(target: TlsTarget, options: TlsCheckOptions = {}): Promise<TlsCertificateReport> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  const empty = {
    ...target,
    chainTrusted: null,
    chainError: null,
    selfSigned: null,
    nameMatches: null,
    daysLeft: null,
    validFrom: null,
    validTo: null,
    subject: null,
    issuer: null,
    altNames: null,
    tlsVersion: null,
  };
  let socket: tls.TLSSocket;
  try {
    socket = await handshake(target, trustedRoots(options.extraCa ?? []), options.timeoutMs ?? 5_000);
  } catch (error) {
    const elapsedMs = Math.round(performance.now() - started);
    return { ...empty, status: 'unreachable', error: errorMessage(error), elapsedMs };
  }
  try {
    const cert = socket.getPeerCertificate(true);
    const chainError = socket.authorizationError ? String(socket.authorizationError) : null;
    const validTo = Date.parse(cert.valid_to);
    const validFrom = Date.parse(cert.valid_from);
    const facts = {
      chainTrusted: chainError === null || EXPIRY_ERRORS.has(chainError),
      chainError,
      selfSigned:
        cert.fingerprint256 === cert.issuerCertificate?.fingerprint256 || chainError === 'DEPTH_ZERO_SELF_SIGNED_CERT',
      nameMatches: tls.checkServerIdentity(target.host, cert) === undefined,
      daysLeft: Math.floor((validTo - now()) / DAY_MS),
    };
    return {
      ...empty,
      ...facts,
      status: statusOf(facts, validFrom, now()),
      validFrom: new Date(validFrom).toISOString(),
      validTo: new Date(validTo).toISOString(),
      subject: commonName(cert.subject),
      issuer: commonName(cert.issuer),
      altNames: cert.subjectaltname ?? null,
      tlsVersion: socket.getProtocol(),
      error: null,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    socket.destroy();
  }
}

/** Every `turns:` URL's certificate, all at once. */
export function checkTurnsCertificates(
  iceServers: readonly IceServer[],
  options: TlsCheckOptions = {},
): Promise<TlsCertificateReport[]> {
  return Promise.all(
    tlsTargets(iceServers)
      .slice(0, 16)
      .map((target) => checkTlsCertificate(target, options)),
  );
}
