/** What every resource maker shares: the random source, sizes, tags and identities. */
import type { Random } from './random.js';

export type Json = Record<string, unknown>;

export interface Context {
  random: Random;
  tenantId: string;
  roles: Role[];
}

export interface Role {
  name: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  actions: string[];
}

export interface GroupSpec {
  subscriptionId: string;
  name: string;
  team: string;
  location: string;
}

export const GPU_SIZES = [
  'Standard_NC6s_v3',
  'Standard_NC24ads_A100_v4',
  'Standard_NC48ads_A100_v4',
  'Standard_NC40ads_H100_v5',
  'Standard_ND96isr_H100_v5',
  'Standard_ND96asr_v4',
  'Standard_NV36ads_A10_v5',
  'Standard_NC4as_T4_v3',
  'Standard_NC16as_T4_v3',
];
export const CPU_SIZES = ['Standard_D4ds_v5', 'Standard_D8s_v5', 'Standard_E16ds_v5', 'Standard_F8s_v2', 'Standard_B2ms'];
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3vJm0cXoT1fN8yZ2pWk6sL4eR9dB7aQ5uV3gC1hKx aiscan-bench';

export function tags(random: Random, team: string): Record<string, string> {
  const result: Record<string, string> = { team };
  if (random.chance(0.7)) result.costCenter = `CC-${random.int(1000, 9999)}`;
  if (random.chance(0.6)) result.owner = `${team}-lead@contoso.example`;
  if (random.chance(0.3)) result.environment = random.pick(['dev', 'prod', 'staging']);
  return result;
}

export function identityBlock(context: Context, managed: boolean): Json | undefined {
  return managed ? { principalId: context.random.guid(), tenantId: context.tenantId, type: 'SystemAssigned' } : undefined;
}
