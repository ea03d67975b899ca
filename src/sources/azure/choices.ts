/**
 * The values the live-scan flags accept. Kept apart from the modules that use them so that the
 * CLI can declare its flags without loading the Azure SDKs, which only live scans need.
 */

/** The credentials `--auth` can choose, named as the Azure CLI and the Azure SDKs name them. */
export type AuthKind = 'default' | 'cli' | 'env' | 'managed-identity' | 'workload-identity';
export const AUTH_KINDS: readonly AuthKind[] = ['default', 'cli', 'env', 'managed-identity', 'workload-identity'];

export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
export const CLOUDS: readonly CloudName[] = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'];
