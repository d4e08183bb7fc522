/**
 * A throwaway self-signed certificate for a loopback TLS server (coturn's
 * `turns:` listener), made with Debian's `openssl`. Valid for 127.0.0.1 and
 * localhost, for two days; nothing trusts it, which is the point of the test.
 * And a throwaway CA that issues certificates valid for any span, past ones too.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

const run = (args: string[]) => promisify(execFile)(OPENSSL, args, { timeout: 30_000 });

/** openssl's date form for `ca -startdate/-enddate`: YYYYMMDDHHMMSSZ. */
const opensslDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

export interface TestCa {
  /** The CA's certificate (PEM text), for the probe's extra-CA option. */
  certPem: string;
  /**
   * A certificate for 127.0.0.1 and localhost signed by this CA, valid from `fromDaysAgo`
   * days ago until `days` days from now (negative: already expired).
   */
  issue(validity: { days: number; fromDaysAgo?: number }): Promise<TlsCert>;
  remove(): Promise<void>;
}

/**
 * A throwaway certificate authority (openssl `ca`, whose -startdate/-enddate make an
 * expired certificate possible: `x509 -days` cannot go back in time).
 */
export async function makeTestCa(name = 'Traverse Test CA'): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'traverse-ca-'));
  const caKey = join(dir, 'ca-key.pem');
  const caCert = join(dir, 'ca.pem');
  const config = join(dir, 'ca.cnf');
  try {
    await run(
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caCert, '-days', '30'].concat([
        '-subj',
        `/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]),
    );
    await writeFile(join(dir, 'index.txt'), '');
    await writeFile(join(dir, 'serial'), '1000\n');
    await writeFile(
      config,
      [
        '[ca]',
        'default_ca = test',
        '[test]',
        `database = ${join(dir, 'index.txt')}`,
        `new_certs_dir = ${dir}`,
        `serial = ${join(dir, 'serial')}`,
        'default_md = sha256',
        'policy = any_name',
        'copy_extensions = copy',
        'unique_subject = no',
        '[any_name]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not make a test CA with ${OPENSSL} (install Debian's openssl): ${errorMessage(error)}`);
  }
  let issued = 0;
  const issue = async ({ days, fromDaysAgo = 1 }: { days: number; fromDaysAgo?: number }): Promise<TlsCert> => {
    issued += 1;
    const key = join(dir, `leaf-${issued}-key.pem`);
    const csr = join(dir, `leaf-${issued}.csr`);
    const cert = join(dir, `leaf-${issued}.pem`);
    await run(
      ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ]),
    );
    const now = Date.now();
    await run(
      [
        'ca',
        '-batch',
        '-notext',
        '-config',
        config,
        '-cert',
        caCert,
        '-keyfile',
        caKey,
        '-in',
        csr,
        '-out',
        cert,
      ].concat([
        '-startdate',
        opensslDate(now - fromDaysAgo * 86_400_000),
        '-enddate',
        opensslDate(now + days * 86_400_000),
      ]),
    );
    return { cert, key, remove: () => Promise.resolve() };
  };
  return {
    certPem: await readFile(caCert, 'utf8'),
    issue,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
