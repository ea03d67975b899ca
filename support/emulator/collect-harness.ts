import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { ArmResource, CoverageEntry, ScannedScope } from '../../src/estate.js';
import { packagePath } from '../../src/package-info.js';
import { collectToSnapshot, type CollectResult } from '../../src/sources/azure/collect.js';
import type { CollectOptions } from '../../src/sources/azure/collect-options.js';
import type { ArmEmulator } from './arm-emulator.js';
import { temporaryDirectory } from '../temporary-directory.js';

export const TEST_TOKEN = 'emulator-token';
export const SAMPLE_FILES = [packagePath('examples', 'estate', 'subscription-research.json'), packagePath('examples', 'estate', 'subscription-production.json')];
export const RESEARCH = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
export const PRODUCTION = 'c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95';
export const TENANT = '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13';

/** A credential that hands out a fixed token and counts how often it was asked. Never touches the network. */
export function staticCredential(token = TEST_TOKEN): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls++;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

/** Options pointing the collector at an emulator, with retry delays and timeouts short enough for tests. */
export function emulatorOptions(emulator: ArmEmulator, overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    scope: { subscriptions: [RESEARCH, PRODUCTION], allSubscriptions: false, managementGroups: [] },
    credential: staticCredential(),
    endpoint: { url: emulator.url, tokenScope: `${emulator.url}/.default` },
    engine: 'arm',
    concurrency: 4,
    requestTimeoutMs: 5_000,
    retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetryTimeMs: 30_000 },
    trustedCertificates: emulator.certificate.cert,
    now: () => new Date('2026-11-21T03:00:00Z'),
    ...overrides,
  };
}

export interface Snapshot {
  format: string;
  version: number;
  tenantId?: string;
  collectedAt: string;
  scopes: ScannedScope[];
  coverage: CoverageEntry[];
  resources: ArmResource[];
}

export async function collectFromEmulator(emulator: ArmEmulator, overrides: Partial<CollectOptions> = {}): Promise<{ result: CollectResult; snapshot: Snapshot; file: string }> {
  const file = join(temporaryDirectory('aiscan-collect-'), 'estate.json');
  const result = await collectToSnapshot(emulatorOptions(emulator, overrides), file);
  return { result, snapshot: JSON.parse(readFileSync(file, 'utf8')) as Snapshot, file };
}

/** Only reads were sent: GETs, and the Resource Graph query (a POST that reads). No secret-returning operation. */
export function writesAndSecretReads(emulator: ArmEmulator): string[] {
  return emulator.requests
    .filter(
      (r) =>
        !(r.method === 'GET' || (r.method === 'POST' && /^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(r.path))) ||
        /listkeys|listcredential|listclusteradmincredential|listclusterusercredential|accessprofiles|listsecrets/i.test(r.path),
    )
    .map((r) => `${r.method} ${r.path}`);
}

/** How many resources of a type the sample estate holds in a subscription (tests derive their numbers from the sample). */
export function sampleCount(resources: readonly ArmResource[], subscriptionId: string, type: string): number {
  return resources.filter((r) => r.id.toLowerCase().startsWith(`/subscriptions/${subscriptionId.toLowerCase()}/`) && r.type?.toLowerCase() === type.toLowerCase()).length;
}

/** The sample's built-in role definitions that no role assignment or PIM schedule instance uses: aiscan leaves them out of a live collection. */
export function isUnusedBuiltInRole(resource: ArmResource, all: readonly ArmResource[]): boolean {
  if (resource.type !== 'Microsoft.Authorization/roleDefinitions' || (resource.properties as { type?: string }).type !== 'BuiltInRole') return false;
  const guid = resource.id.split('/').pop()!.toLowerCase();
  const subscription = resource.id.split('/').slice(0, 3).join('/').toLowerCase();
  return !all.some(
    (r) =>
      /^Microsoft\.Authorization\/(roleAssignments|roleEligibilityScheduleInstances|roleAssignmentScheduleInstances)$/i.test(r.type ?? '') &&
      r.id.toLowerCase().startsWith(`${subscription}/`) &&
      String((r.properties as { roleDefinitionId?: string }).roleDefinitionId).toLowerCase().endsWith(`/${guid}`),
  );
}
