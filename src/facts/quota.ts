import { foldCase, idKey, regionKey } from '../ids.js';
import type { FactValue } from './contract.js';
import { isGpuQuotaFamily, normaliseFamilyName } from './gpu-sizes.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { get, getArray, getNumber, getString } from './read.js';
import { TYPES } from './resource-types.js';

export type UsageFacts = FactValue<'quota'>;
export type ScaleOutFacts = FactValue<'scaleOut'>;

/** The usage item for all vCPUs of a region, whatever their family. */
const TOTAL_REGIONAL_VCPUS = 'cores';

function usageKey(subscriptionId: string, location: string, family: string): string {
  return `${foldCase(subscriptionId)}|${regionKey(location)}|${normaliseFamilyName(family)}`;
}

function usageFacts(usage: EvaluationItem): UsageFacts | undefined {
  const family = getString(usage.document, 'properties', 'name', 'value') ?? usage.name;
  const currentValue = getNumber(usage.document, 'properties', 'currentValue');
  const limit = getNumber(usage.document, 'properties', 'limit');
  if (currentValue === undefined || limit === undefined) return undefined;
  const utilisation = limit > 0 ? (currentValue / limit) * 100 : currentValue > 0 ? 100 : 0;
  return {
    family,
    isGpuFamily: isGpuQuotaFamily(family),
    currentValue,
    limit,
    remaining: limit - currentValue,
    utilisationPercent: Math.round(utilisation * 10) / 10,
  };
}

function locationOfUsage(usage: EvaluationItem): string | undefined {
  return usage.location ?? /\/locations\/([^/]+)\/usages\//i.exec(usage.id)?.[1];
}

export function joinQuotas(items: readonly EvaluationItem[]): void {
  const usages = new Map<string, UsageFacts>();
  const autoscaleMaximums = new Map<string, { maximum: number; setting: string }>();
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.usage) {
      const facts = usageFacts(item);
      const location = locationOfUsage(item);
      if (!facts) continue;
      item.facts.quota = facts;
      if (item.subscriptionId && location) usages.set(usageKey(item.subscriptionId, location, facts.family), facts);
    } else if (type === TYPES.autoscaleSetting) {
      const target = getString(item.document, 'properties', 'targetResourceUri');
      const enabled = get(item.document, 'properties', 'enabled') !== false;
      const maximum = Math.max(
        ...getArray(item.document, 'properties', 'profiles').map((p) => Number(get(p, 'capacity', 'maximum'))),
      );
      if (target && enabled && Number.isFinite(maximum)) autoscaleMaximums.set(idKey(target), { maximum, setting: item.name });
    }
  }

  for (const item of items) {
    const type = itemTypeKey(item);
    let counts: { currentCount: number; maxCount: number; autoscaleSetting?: string } | undefined;
    if (type === TYPES.agentPool && get(item.document, 'enableAutoScaling') === true) {
      const maxCount = getNumber(item.document, 'maxCount');
      if (maxCount !== undefined) counts = { currentCount: getNumber(item.document, 'count') ?? 0, maxCount };
    } else if (type === TYPES.scaleSet) {
      const autoscale = autoscaleMaximums.get(idKey(item.id));
      if (autoscale !== undefined) {
        counts = { currentCount: getNumber(item.document, 'sku', 'capacity') ?? 0, maxCount: autoscale.maximum, autoscaleSetting: autoscale.setting };
      }
    }
    if (counts) item.facts.scaleOut = scaleOutFacts(item, counts, usages);
  }
}

function scaleOutFacts(
  item: EvaluationItem,
  counts: { currentCount: number; maxCount: number; autoscaleSetting?: string },
  usages: ReadonlyMap<string, UsageFacts>,
): ScaleOutFacts {
  const gpu = item.facts.gpu;
  const family = gpu?.family;
  const lookUp = (name: string | undefined) =>
    name && item.subscriptionId && item.location ? usages.get(usageKey(item.subscriptionId, item.location, name)) : undefined;
  const usage = lookUp(family);
  const regional = lookUp(TOTAL_REGIONAL_VCPUS);
  const vCPUsPerNode = gpu?.vCPUs;
  const additionalVcpus =
    vCPUsPerNode === undefined ? undefined : Math.max(0, counts.maxCount - counts.currentCount) * vCPUsPerNode;
  return {
    location: item.location,
    autoscaleSetting: counts.autoscaleSetting,
    family,
    vCPUsPerNode,
    currentCount: counts.currentCount,
    maxCount: counts.maxCount,
    additionalVcpus,
    quotaFound: usage !== undefined,
    quotaRemaining: usage?.remaining,
    regionalQuotaRemaining: regional?.remaining,
    fits: usage && additionalVcpus !== undefined ? additionalVcpus <= usage.remaining : undefined,
    fitsRegional: regional && additionalVcpus !== undefined ? additionalVcpus <= regional.remaining : undefined,
  };
}
