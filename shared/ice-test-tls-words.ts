/**
 * Why a TURN-over-TLS row failed, in words: from its server's certificate line when the main
 * process's check has one (expired, self-signed, no connection at all), else from what the other
 * rows say about the same host. A certificate is named as the cause only when something says so.
 */
import type { IceProblem } from './ice/ice-types';
import type { ServerTestRow } from './ice-test';
import type { TlsCertificateReport } from './tls-certificate';
import { tlsCertificateProblem, tlsCertificateWords, tlsConnectionWords } from './tls-words';

export interface TlsRowContext {
  /** Some plain-TCP row to this host passed and none failed. */
  tcpWorksOnHost?: boolean;
  /** The certificate check's answer for this row's host and port, once it has one. */
  certificate?: TlsCertificateReport | null;
}

const SEE_LINE = '(see its line under TURN over TLS certificates)';

function fromCertificate(row: ServerTestRow, certificate: TlsCertificateReport, code: string): IceProblem {
  const what = `${row.label}: could not set up TLS${code}`;
  const where = `${row.host}:${row.port}`;
  if (certificate.status === 'unreachable')
    return {
      what,
      cause: `the certificate check could not connect to ${where} either (${tlsConnectionWords(certificate.error)}): the TURN server is not running, or does not listen for TLS on TCP ${row.port}`,
      fix: `Check that the TURN server runs and listens for TLS on TCP ${row.port} (coturn: tls-listening-port), and that this network lets TCP ${row.port} through`,
    };
  if (certificate.status === 'trusted')
    return {
      what,
      cause: `this app’s certificate check trusts its certificate (${tlsCertificateWords(certificate)}), so the browser’s TLS connection failed for another reason: the server closed it, or the certificate’s CA is trusted by this app but not by the browser`,
      fix: `Check the TURN server’s log for TLS errors from this computer; a CA installed only for this app must also be in the system’s store`,
    };
  const words = tlsCertificateWords(certificate);
  return {
    what,
    cause: `its certificate ${certificate.status === 'expired' ? words : `is ${words}`} ${SEE_LINE}: Chromium checks a TURN server’s certificate like a website’s and refuses this one`,
    fix: tlsCertificateProblem(certificate)?.fix ?? 'Give the TURN server a certificate this computer trusts',
  };
}

/** A TLS row that could not connect: the certificate line's finding first, then the other rows' evidence. */
export function explainTlsRow(row: ServerTestRow, context: TlsRowContext): IceProblem {
  const code = row.error ? ` (error ${row.error.code}: ${row.error.text})` : '';
  if (context.certificate) return fromCertificate(row, context.certificate, code);
  return {
    what: `${row.label}: could not set up TLS${code}`,
    cause: context.tcpWorksOnHost
      ? `the same host answers TURN over plain TCP, so the likely cause is the certificate: Chromium checks a TURN server's certificate like a website's and refuses one that is self-signed, expired, or not issued for ${row.host}`
      : `nothing listens on TCP ${row.port}, a firewall blocks it, or Chromium refused the server's certificate (self-signed, expired, or not issued for ${row.host}: it is checked like a website's)`,
    fix: `Give the TURN server a certificate from a public CA (e.g. Let's Encrypt) for the host name in the URL, use that name instead of an IP address, and open TCP ${row.port} (443 passes most firewalls)`,
  };
}

/** The certificate line for a TLS row: same host (any case) and port. */
export function certificateFor(
  row: Pick<ServerTestRow, 'transport' | 'host' | 'port'>,
  certificates: readonly TlsCertificateReport[] | undefined,
): TlsCertificateReport | null {
  if (row.transport !== 'tls' || !certificates) return null;
  const host = row.host.replace(/^\[|\]$/g, '').toLowerCase();
  return certificates.find((c) => c.host.toLowerCase() === host && c.port === row.port) ?? null;
}
