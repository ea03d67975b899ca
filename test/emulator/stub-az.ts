import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface StubAzOptions {
  token: string;
  subscriptionId: string;
  tenantId: string;
  /** When set, every command fails with this on stderr, as `az` does before `az login`. */
  failWith?: string;
}

export interface StubAz {
  /** Put this folder first on PATH. */
  binDir: string;
  /** Each invocation's arguments, one line each. */
  calls(): string[];
}

/**
 * A stand-in for the Azure CLI: answers `az account get-access-token` (what AzureCliCredential
 * runs) and `az account show`, and logs every call. Nothing leaves the machine.
 */
export function installStubAz(dir: string, options: StubAzOptions): StubAz {
  const binDir = join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const log = join(dir, 'az-calls.log');
  const token = JSON.stringify({
    accessToken: options.token,
    expiresOn: '2099-01-01 00:00:00.000000',
    expires_on: 4070908800,
    subscription: options.subscriptionId,
    tenant: options.tenantId,
    tokenType: 'Bearer',
  });
  const account = JSON.stringify({ id: options.subscriptionId, tenantId: options.tenantId, name: 'stub', state: 'Enabled', isDefault: true });
  const script = options.failWith
    ? `#!/bin/sh\necho "$*" >> '${log}'\necho "${options.failWith}" >&2\nexit 1\n`
    : [
        '#!/bin/sh',
        `echo "$*" >> '${log}'`,
        'case "$1 $2" in',
        `  "account get-access-token") echo '${token}' ;;`,
        `  "account show") case "$*" in *--query*) echo '${options.subscriptionId}' ;; *) echo '${account}' ;; esac ;;`,
        '  *) echo "stub az: unsupported command: $*" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n');
  writeFileSync(join(binDir, 'az'), script);
  chmodSync(join(binDir, 'az'), 0o755);
  return { binDir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}
