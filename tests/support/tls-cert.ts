/**
 * A throwaway self-signed certificate for a loopback TLS server (coturn's
 * `turns:` listener), made with Debian's `openssl`. Valid for 127.0.0.1 and
 * localhost, for two days; nothing trusts it, which is the point of the test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../../shared/error-message';

export const OPENSSL = '/usr/bin/openssl';

export interface TlsCert {
  cert: string;
  key: string;
  /** Deletes the directory holding both files. */
  remove(): Promise<void>;
}

export async function makeSelfSignedCert(commonName = '127.0.0.1'): Promise<TlsCert> {
  const dir = await mkdtemp(join(tmpdir(), 'traverse-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    await promisify(execFile)(
      OPENSSL,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { timeout: 30_000 },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `Could not make a self-signed certificate with ${OPENSSL} (install Debian's openssl): ${errorMessage(error)}`,
    );
  }
  return { cert, key, remove: () => rm(dir, { recursive: true, force: true }) };
}
