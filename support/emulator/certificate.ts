import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from '../temporary-directory.js';

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  dir: string;
}

/**
 * A self-signed certificate for 127.0.0.1 and 127.0.0.2, made with openssl when a test starts;
 * valid one day. 127.0.0.2 is the "other host" that a hostile response may point aiscan at: it
 * is trusted too, so that a request sent there would arrive and be seen.
 */
export function createTestCertificate(): TestCertificate {
  const dir = temporaryDirectory('aiscan-emulator-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2'],
    { stdio: 'pipe' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, dir };
}
