/**
 * A `turns:` server's certificate in words: a short verdict for the row
 * ("trusted, 29 days left", "untrusted (self-signed)", "expired 3 days ago"),
 * and for a bad one what is wrong, why, and who fixes it how.
 */
import type { IceProblem } from './ice/ice-types';
import type { TlsCertificateReport } from './tls-certificate';

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
const dateOf = (iso: string | null) => (iso ? iso.slice(0, 10) : 'an unknown date');

/** Node's reasons for no TLS handshake, as a few words and as a cause (server = host:port). */
const CONNECTION_FAILURES: { test: RegExp; words: string; cause: (server: string, host: string) => string }[] = [
  {
    test: /ECONNREFUSED/,
    words: 'connection refused',
    cause: (server) =>
      `nothing accepts connections on ${server} (connection refused): the TURN server is not running, or listens for TLS on another port`,
  },
  {
    test: /no TLS handshake within|ETIMEDOUT/,
    words: 'no answer in time',
    cause: (server) =>
      `${server} did not complete a TLS handshake in time: a firewall drops the packets, or the server is overloaded`,
  },
  {
    test: /ENOTFOUND|EAI_AGAIN/,
    words: 'name not found',
    cause: (_server, host) =>
      `the host name ${host} did not resolve: it is misspelt, or this network’s DNS cannot see it`,
  },
  {
    test: /ECONNRESET|socket hang up|wrong version number|unexpected eof|packet length too long|before secure TLS/i,
    words: 'closed during the handshake',
    cause: (server) =>
      `${server} closed the connection during the TLS handshake: that port may serve plain TURN instead of TLS, or the server refused this client`,
  },
  {
    test: /EHOSTUNREACH|ENETUNREACH/,
    words: 'no route to the server',
    cause: (server) => `this computer has no route to ${server}: it is offline, or the network blocks it`,
  },
];

/** Why there was no TLS connection, in a few words ("connection refused"); Node's text when it is none of those. */
export function tlsConnectionWords(error: string | null): string {
  return CONNECTION_FAILURES.find((f) => f.test.test(error ?? ''))?.words ?? error ?? 'no answer';
}

/** The verdict a row shows. */
export function tlsCertificateWords(report: TlsCertificateReport): string {
  const left = report.daysLeft ?? 0;
  switch (report.status) {
    case 'trusted':
      return left === 0 ? 'trusted, less than a day left' : `trusted, ${days(left)} left`;
    case 'expired': {
      const ago = -left - 1;
      return ago <= 0 ? 'expired today' : `expired ${days(ago)} ago`;
    }
    case 'not-yet-valid':
      return `not valid yet (from ${dateOf(report.validFrom)})`;
    case 'untrusted':
      return report.selfSigned
        ? 'untrusted (self-signed)'
        : `untrusted (issuer ${report.issuer ?? 'unknown'} not trusted)`;
    case 'name-mismatch':
      return `wrong name (the certificate is for ${report.altNames ?? report.subject ?? 'another name'})`;
    case 'unreachable':
      return `no TLS connection (${tlsConnectionWords(report.error)})`;
  }
}

/** The verdict with the TLS version spoken, for the report. */
export function tlsCertificateSummary(report: TlsCertificateReport): string {
  const words = tlsCertificateWords(report);
  return report.tlsVersion ? `${words}, ${report.tlsVersion}` : words;
}

const RENEW = 'The server’s operator renews the certificate (e.g. certbot renew) and restarts the TURN server';
const PUBLIC_CA = (host: string) =>
  `Use a certificate for ${host} from a CA this computer trusts (e.g. Let’s Encrypt), or install the server’s CA on this computer`;

/** For a certificate that makes TURN over TLS fail where clients check it: what, why, and the fix; null for a good one. */
export function tlsCertificateProblem(report: TlsCertificateReport): IceProblem | null {
  const server = `${report.host}:${report.port}`;
  const what = `TURN over TLS to ${server}: its certificate is refused by clients that check it`;
  switch (report.status) {
    case 'trusted':
      return null;
    case 'expired':
      return {
        what,
        cause: `The certificate expired on ${dateOf(report.validTo)} (${tlsCertificateWords(report)})`,
        fix: RENEW,
      };
    case 'not-yet-valid':
      return {
        what,
        cause: `The certificate is valid only from ${dateOf(report.validFrom)}: this computer’s clock may be wrong`,
        fix: 'Check this computer’s date and time; if they are right, the server’s certificate was issued with a wrong date',
      };
    case 'untrusted':
      return {
        what,
        cause: report.selfSigned
          ? 'The certificate is self-signed: nothing vouches that it belongs to this server'
          : `The certificate was issued by ${report.issuer ?? 'a CA'} that this computer does not trust (${report.chainError ?? 'unverified chain'})`,
        fix: PUBLIC_CA(report.host),
      };
    case 'name-mismatch':
      return {
        what,
        cause: `The certificate is for ${report.altNames ?? report.subject ?? 'another name'}, not ${report.host}`,
        fix: `Use the name the certificate is for in the turns: URL, or get a certificate for ${report.host}`,
      };
    case 'unreachable': {
      const known = CONNECTION_FAILURES.find((f) => f.test.test(report.error ?? ''));
      return {
        what: `TURN over TLS to ${server}: no TLS connection`,
        cause: known
          ? `${known.cause(server, report.host)} (${report.error ?? ''})`
          : (report.error ?? 'The server did not answer'),
        fix: `Check that the TURN server listens for TLS on port ${report.port} and that this network lets TCP to it through`,
      };
    }
  }
}
