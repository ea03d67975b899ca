import { format } from 'node:util';
import { AzureLogger } from '@azure/logger';
import { redactSecrets } from '../../redaction/credentials.js';

/**
 * Every Azure SDK log line (AZURE_LOG_LEVEL, or DEBUG=azure*) passes through AzureLogger.log.
 * While a collection runs, it goes through redaction to `write` (the CLI's stderr) instead of
 * straight to the process's stderr; the previous sink is put back afterwards.
 */
export function routeSdkLogs(write: (text: string) => void): () => void {
  const previous = AzureLogger.log;
  AzureLogger.log = (...args: unknown[]) => write(`${redactSecrets(format(...args))}\n`);
  return () => {
    AzureLogger.log = previous;
  };
}
