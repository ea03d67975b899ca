import { readFileSync } from 'node:fs';
import type { ArmResource } from '../../src/estate.js';
import { idKey, parseResourceId } from '../../src/ids.js';
import { publishedExampleSkus } from './resource-skus.js';

export interface ManagementGroup {
  name: string;
  displayName?: string;
  parent?: string;
  subscriptions?: string[];
}

/**
 * The estate an emulator serves, indexed the way ARM lists it: subscriptions, top-level types
 * per subscription, child collections per parent, compute usages and resource SKUs per
 * subscription and region.
 */
export class EmulatorEstate {
  readonly subscriptions = new Map<string, ArmResource>();
  private readonly topLevel = new Map<string, ArmResource[]>();
  private readonly children = new Map<string, ArmResource[]>();
  private readonly usages = new Map<string, unknown[]>();
  /** Resource SKUs by subscription and region: the `properties` of the estate's `Microsoft.Compute/locations/skus` resources. */
  private readonly skus = new Map<string, unknown[]>();
  /** Azure ML usages and quotas by kind, subscription and region: the `properties` of the estate's `Microsoft.MachineLearningServices/locations/usages` and `…/quotas` resources. */
  private readonly mlCapacity = new Map<string, unknown[]>();
  private readonly groups = new Map<string, ManagementGroup>();
  private readonly groupOfSubscription = new Map<string, string>();
  private readonly byId = new Map<string, ArmResource>();

  constructor(
    readonly resources: readonly ArmResource[],
    managementGroups: readonly ManagementGroup[] = [],
  ) {
    for (const group of managementGroups) {
      this.groups.set(group.name.toLowerCase(), group);
      for (const subscription of group.subscriptions ?? []) this.groupOfSubscription.set(subscription.toLowerCase(), group.name);
    }
    for (const resource of resources) this.index(resource);
  }

  private index(resource: ArmResource): void {
    this.byId.set(idKey(resource.id), resource);
    const parsed = parseResourceId(resource.id);
    const subscription = parsed.subscriptionId?.toLowerCase() ?? '';
    const type = (resource.type ?? parsed.type ?? '').toLowerCase();
    if (/^\/subscriptions\/[^/]+$/i.test(resource.id)) {
      this.subscriptions.set(subscription, resource);
    } else if (type === 'microsoft.compute/locations/usages') {
      add(this.usages, `${subscription}|${String(resource.location).toLowerCase()}`, resource.properties);
    } else if (type === 'microsoft.machinelearningservices/locations/usages' || type === 'microsoft.machinelearningservices/locations/quotas') {
      add(this.mlCapacity, `${type.split('/').pop()}|${subscription}|${String(resource.location).toLowerCase()}`, resource.properties);
    } else if (type === 'microsoft.compute/locations/skus') {
      add(this.skus, `${subscription}|${String(resource.location).toLowerCase()}`, resource.properties);
    } else if (type.split('/').length > 2) {
      // A child resource: listed under its parent, e.g. …/managedClusters/c/managedNamespaces.
      const segments = resource.id.split('/');
      add(this.children, `${idKey(segments.slice(0, -2).join('/'))}|${segments[segments.length - 2].toLowerCase()}`, resource);
    } else {
      add(this.topLevel, `${subscription}|${type}`, resource);
    }
  }

  get(id: string): ArmResource | undefined {
    return this.byId.get(idKey(id));
  }

  listTopLevel(subscription: string, type: string): ArmResource[] {
    return this.topLevel.get(`${subscription.toLowerCase()}|${type.toLowerCase()}`) ?? [];
  }

  listChildren(parentId: string, collection: string): ArmResource[] {
    return this.children.get(`${idKey(parentId)}|${collection.toLowerCase()}`) ?? [];
  }

  listUsages(subscription: string, location: string): unknown[] {
    return this.usages.get(`${subscription.toLowerCase()}|${location.toLowerCase()}`) ?? [];
  }

  /** The Azure ML usages or quotas of a subscription's region, each item as Azure returned it. */
  listMlCapacity(kind: 'usages' | 'quotas', subscription: string, location: string): unknown[] {
    return this.mlCapacity.get(`${kind}|${subscription.toLowerCase()}|${location.toLowerCase()}`) ?? [];
  }

  /**
   * The resource SKUs of a subscription's region (every region the estate has SKUs for when none is
   * named), each region's list opened by the published example's two sizes (resource-skus.ts).
   */
  listSkus(subscription: string, region: string | undefined): unknown[] {
    const prefix = `${subscription.toLowerCase()}|`;
    const regions = region !== undefined ? [region.toLowerCase()] : [...this.skus.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
    return regions.flatMap((name) => [...publishedExampleSkus(name), ...(this.skus.get(`${prefix}${name}`) ?? [])]);
  }

  /** Management groups above a subscription, nearest first, ending with the tenant root group. */
  ancestorsOf(subscriptionId: string): { name: string; displayName: string }[] {
    const tenantId = String(this.subscriptions.get(subscriptionId.toLowerCase())?.tenantId ?? '');
    const chain: { name: string; displayName: string }[] = [];
    for (let name = this.groupOfSubscription.get(subscriptionId.toLowerCase()); name; ) {
      const group = this.groups.get(name.toLowerCase());
      if (!group || chain.some((g) => g.name === group.name)) break;
      chain.push({ name: group.name, displayName: group.displayName ?? group.name });
      name = group.parent;
    }
    if (!chain.some((group) => group.name === tenantId)) chain.push({ name: tenantId, displayName: 'Tenant Root Group' });
    return chain;
  }

  subscriptionsBelow(group: string): string[] {
    return [...this.subscriptions.keys()].filter((id) => this.ancestorsOf(id).some((g) => g.name.toLowerCase() === group.toLowerCase()));
  }
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The resources of aiscan snapshot files (the sample estate), as the emulator's estate. */
export function resourcesOfSnapshots(files: readonly string[]): ArmResource[] {
  return files.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { resources: ArmResource[] }).resources);
}
