/**
 * A synthetic AI estate of any size, shaped like examples/estate and the ARM REST reference: GPU
 * and CPU VMs with their NICs, scale sets with autoscale settings, AKS clusters with system and
 * GPU pools and managed namespaces, ML workspaces and computes, user-assigned identities, role
 * assignments at every scope level with their role definitions, and compute usages per region.
 * A mix of compliant and non-compliant resources, so every rule passes and fails somewhere.
 * Deterministic: the same count and seed give byte-identical snapshots.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { compareText } from '../../src/text/order.js';
import { Random } from './random.js';
import * as make from './resources.js';

export interface GeneratedSnapshot {
  header: Record<string, unknown>;
  resources: Record<string, unknown>[];
}

const TENANT = '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13';
const REGIONS = ['eastus', 'westus3', 'southcentralus', 'westeurope', 'swedencentral', 'japaneast'];
const TEAMS = ['vision', 'speech', 'nlp', 'recsys', 'research', 'platform', 'inference', 'robotics', 'genai', 'data'];

/** Subscriptions grow with the estate, as real tenants do: about one per 5,000 resources. */
function subscriptionCount(count: number): number {
  return Math.max(1, Math.round(count / 5000));
}

export function generateSnapshot(count: number, seed = 20261120): GeneratedSnapshot {
  const random = new Random(seed ^ count);
  const managementGroups = ['/providers/Microsoft.Management/managementGroups/mg-ai', `/providers/Microsoft.Management/managementGroups/${TENANT}`];
  const subscriptions = Array.from({ length: subscriptionCount(count) }, (_, index) => ({
    subscriptionId: random.guid(),
    displayName: `ai-${TEAMS[index % TEAMS.length]}-${String(index + 1).padStart(2, '0')}`,
    tenantId: TENANT,
    managementGroupAncestors: managementGroups,
  }));
  const context: make.Context = { random, tenantId: TENANT, roles: make.roleCatalogue(random) };

  const resources: Record<string, unknown>[] = [];
  for (const group of managementGroups.slice(0, 1)) resources.push(...make.roleAssignmentsAt(context, group, 4));
  const perSubscription = subscriptions.map((scope) => ({ scope, regions: pickRegions(random), groups: 0 }));
  for (const { scope, regions } of perSubscription) resources.push(...make.subscriptionResources(context, scope, regions));

  // Resource groups round-robin over subscriptions until the estate has `count` resources.
  for (let i = 0; resources.length < count; i++) {
    const subscription = perSubscription[i % perSubscription.length];
    subscription.groups++;
    const team = TEAMS[i % TEAMS.length];
    resources.push(
      ...make.resourceGroupBundle(context, {
        subscriptionId: subscription.scope.subscriptionId,
        name: `rg-${team}-${String(subscription.groups).padStart(3, '0')}`,
        team,
        location: random.pick(subscription.regions),
      }),
    );
  }
  resources.length = count;

  const coverage = subscriptions.flatMap(({ subscriptionId }) =>
    coveredTypes(resources, subscriptionId).map(([resourceType, n]) => ({ subscriptionId, resourceType, status: 'read', count: n })),
  );
  return {
    header: {
      format: 'aiscan-snapshot',
      version: 1,
      tool: { name: 'aiscan', version: '0.1.0' },
      collectedAt: '2026-11-20T02:00:00Z',
      tenantId: TENANT,
      scopes: subscriptions,
      coverage,
    },
    resources,
  };
}

function pickRegions(random: Random): string[] {
  const start = random.int(0, REGIONS.length - 1);
  return [0, 1, 2].map((offset) => REGIONS[(start + offset) % REGIONS.length]);
}

function coveredTypes(resources: readonly Record<string, unknown>[], subscriptionId: string): [string, number][] {
  const counts = new Map<string, number>();
  const prefix = `/subscriptions/${subscriptionId}`.toLowerCase();
  for (const resource of resources) {
    if (!String(resource.id).toLowerCase().startsWith(prefix)) continue;
    const type = String(resource.type ?? 'Microsoft.Resources/subscriptions');
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => compareText(a, b));
}

/**
 * Writes the snapshot exactly as `JSON.stringify(snapshot, null, 2)` would (how `az` and
 * `aiscan collect` write JSON), resource by resource, so no single string holds the whole file.
 */
export function writeSnapshot(file: string, snapshot: GeneratedSnapshot): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  const write = (text: string) => {
    bytes += writeSync(fd, text);
  };
  try {
    const header = JSON.stringify(snapshot.header, null, 2);
    write(`${header.slice(0, -2)},\n  "resources": [`);
    let chunk = '';
    snapshot.resources.forEach((resource, index) => {
      chunk += `${index === 0 ? '' : ','}\n    ${JSON.stringify(resource, null, 2).replace(/\n/g, '\n    ')}`;
      if (chunk.length > 1 << 20) {
        write(chunk);
        chunk = '';
      }
    });
    write(`${chunk}\n  ]\n}`);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
