/**
 * Where a template is deployed, as far as a scan can know: what the flags or the configuration say
 * (`--subscription-id`, `--resource-group`, `--location`), else documented placeholders, so that ids,
 * `uniqueString(resourceGroup().id)` and every join still come out the same on every run.
 */
import type { DeploymentScope } from './expressions/context.js';

export interface TargetScope extends DeploymentScope {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
}

export const PLACEHOLDERS = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  tenantId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'aiscan-resource-group',
  managementGroup: 'aiscan-management-group',
  location: 'aiscan-location',
} as const;

/** `…/deploymentTemplate.json#` and its siblings for the other scopes. */
const TEMPLATE_SCHEMA = /\/(subscription|managementGroup|tenant)?deploymentTemplate\.json#?$/i;

const SCOPE_BY_PREFIX: Record<string, DeploymentScope['kind']> = { subscription: 'subscription', managementgroup: 'managementGroup', tenant: 'tenant' };

/** The scope a template's `$schema` deploys to, or undefined when it is not a deployment template's schema. */
export function templateScopeOf(schema: string): DeploymentScope['kind'] | undefined {
  const match = TEMPLATE_SCHEMA.exec(schema);
  if (!match) return undefined;
  return match[1] === undefined ? 'resourceGroup' : SCOPE_BY_PREFIX[match[1].toLowerCase()];
}

export interface TargetOptions {
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
  tenantId?: string;
  location?: string;
}

export function targetScope(kind: DeploymentScope['kind'], options: TargetOptions = {}): TargetScope {
  return {
    kind,
    subscriptionId: options.subscriptionId ?? PLACEHOLDERS.subscriptionId,
    tenantId: options.tenantId ?? PLACEHOLDERS.tenantId,
    location: options.location ?? PLACEHOLDERS.location,
    ...(kind === 'resourceGroup' ? { resourceGroup: options.resourceGroup ?? PLACEHOLDERS.resourceGroup } : {}),
    ...(kind === 'managementGroup' ? { managementGroup: options.managementGroup ?? PLACEHOLDERS.managementGroup } : {}),
  };
}

/** The id resources deployed at this scope go under (`/subscriptions/S/resourceGroups/G`, …); tenant scope is the empty prefix. */
export function scopeId(scope: TargetScope): string {
  switch (scope.kind) {
    case 'resourceGroup':
      return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`;
    case 'subscription':
      return `/subscriptions/${scope.subscriptionId}`;
    case 'managementGroup':
      return `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}`;
    case 'tenant':
      return '';
  }
}
