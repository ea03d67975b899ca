import type { ArmResource } from '../../estate.js';
import { isRecord } from '../../json/is-record.js';

/** Azure ML compute usages (vCPUs in use and their limit) of one region: subscription-wide, per workspace and per cluster. */
export const ML_USAGE_TYPE = 'Microsoft.MachineLearningServices/locations/usages';
/** Azure ML compute quotas of one region: the subscription's per VM family, and the caps set on workspaces. */
export const ML_QUOTA_TYPE = 'Microsoft.MachineLearningServices/locations/quotas';

type Raw = Record<string, unknown>;

/** `…/workspaces/{workspace}[/computes/{compute}]/…` in the item's own id: the scope the item is about, when narrower than the subscription. */
const SCOPED = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)(?:\/computes\/([^/]+))?\//i;

/**
 * The name of an item in its synthetic id: what its own id names after `usages/` or `quotas/`
 * (`Standard_NC_Family_Cluster_Dedicated_vCPUs`), else `name.value` with its spaces as underscores
 * (`Total_Cluster_Dedicated_Regional_vCPUs`: Azure gives the regional totals the id
 * `/subscriptions/{id}/usages`, without a name), prefixed by the resource group, workspace and
 * cluster the item is about (`rg:demo_workspace1:Standard_NC_Family_Cluster_Dedicated_vCPUs`).
 * Workspace and cluster names cannot hold `:` and resource group names cannot either.
 */
export function mlItemName(item: Raw): string {
  const ownId = typeof item.id === 'string' ? item.id : '';
  const named = /\/(?:usages|quotas)\/([^/]+)\/?$/i.exec(ownId)?.[1];
  const nameValue = isRecord(item.name) && typeof item.name.value === 'string' ? item.name.value : undefined;
  const kind = typeof item.type === 'string' ? item.type.split('/').slice(1, -1).join('.') : '';
  const base = (named ?? nameValue ?? (kind || 'item')).trim().replace(/[\s/]+/g, '_');
  const scope = SCOPED.exec(ownId);
  return scope ? [scope[1], scope[2], scope[3], base].filter(Boolean).join(':') : base;
}

/**
 * Azure ML usage and quota items are not ARM resources (their own ids are not unique: every
 * regional total has the id `/subscriptions/{id}/usages`, and none names its region), so each is
 * given aiscan's synthetic identity, like a compute usage, with the item exactly as returned
 * under `properties`. Two items that would get one name (a response listing an item twice) are
 * told apart by their order: `name`, `name~2`, ….
 */
export function mlCapacityResources(subscriptionId: string, region: string, kind: 'usages' | 'quotas', items: readonly Raw[]): ArmResource[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = mlItemName(item);
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    const name = count === 1 ? base : `${base}~${count}`;
    return {
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${region}/${kind}/${name}`,
      type: kind === 'usages' ? ML_USAGE_TYPE : ML_QUOTA_TYPE,
      name,
      location: region,
      properties: item,
    };
  });
}
