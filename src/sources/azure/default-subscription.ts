import { execFile } from 'node:child_process';

export interface DefaultSubscription {
  subscriptionId: string;
  /** Where it came from, to say so on stderr. */
  source: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The subscription to read when no scope flag is given, as the Azure tools choose it:
 * AZURE_SUBSCRIPTION_ID, else the Azure CLI's current subscription (`az account show`), when
 * `az` is installed and signed in. Undefined when neither gives one.
 */
export async function findDefaultSubscription(env: NodeJS.ProcessEnv = process.env): Promise<DefaultSubscription | undefined> {
  const fromEnv = env.AZURE_SUBSCRIPTION_ID?.trim();
  if (fromEnv) return { subscriptionId: fromEnv, source: 'AZURE_SUBSCRIPTION_ID' };
  const fromCli = await azureCliSubscription();
  return fromCli ? { subscriptionId: fromCli, source: 'the Azure CLI (az account show)' } : undefined;
}

function azureCliSubscription(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'az',
      ['account', 'show', '--query', 'id', '--output', 'tsv'],
      { timeout: 15_000, shell: process.platform === 'win32', windowsHide: true },
      (error, stdout) => {
        const id = String(stdout ?? '').trim();
        resolve(!error && GUID.test(id) ? id : undefined);
      },
    );
  });
}
