import { foldCase, idKey, regionKey } from '../ids.js';
import type { FactValue } from './contract.js';
import { isGpuQuotaFamilyLoose, looseFamilyKey } from './gpu-sizes.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { mlComputeRegion } from './machine-learning.js';
import { getNumber, getString } from './read.js';
import { TYPES } from './resource-types.js';

export type MlQuotaFacts = FactValue<'mlQuota'>;
export type MlScaleOutFacts = FactValue<'mlScaleOut'>;
export type MlWorkspaceQuotaFacts = FactValue<'mlWorkspaceQuota'>;

type Priority = MlQuotaFacts['priority'];

/** `…/workspaces/{workspace}[/computes/{compute}]/…` in an item's own id: the scope it is about. */
const SCOPED = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+)(?:\/computes\/([^/]+))?\//i;

/** What Azure ML appends to a family's name: `Standard NC Family Cluster Dedicated vCPUs` (spaces, or underscores in ids). */
const FAMILY_SUFFIX = /[\s_]+Cluster[\s_]+(?:Dedicated|Low[\s_]*Priority)[\s_]+vCPUs$/i;

/**
 * Families Azure ML names otherwise than compute does, as in the published Usages and Quotas
 * examples (azure-rest-api-specs, Microsoft.MachineLearningServices 2024-10-01): ML's `Standard
 * NCv3 Family` is compute's `standardNCSv3Family` (the NCv3 sizes are Standard_NC6s_v3 …).
 */
const ML_FAMILY_ALIASES = new Map([
  ['standardncv2family', 'standardNCSv2Family'],
  ['standardncv3family', 'standardNCSv3Family'],
  ['standardndfamily', 'standardNDSFamily'],
  ['standardndv2family', 'standardNDSv2Family'],
]);

/** The compute quota family an Azure ML family name stands for, as a loose key (case, spaces and underscores ignored). */
function familyKey(name: string): string {
  const key = looseFamilyKey(name);
  const alias = ML_FAMILY_ALIASES.get(key);
  return alias ? looseFamilyKey(alias) : key;
}

/** An Azure ML usage or quota item, classified: what it counts, for which scope, priority and family. */
function mlQuotaFacts(item: EvaluationItem, isUsage: boolean): MlQuotaFacts | undefined {
  const doc = item.document;
  const limit = getNumber(doc, 'properties', 'limit');
  if (limit === undefined) return undefined;
  const ownId = getString(doc, 'properties', 'id') ?? '';
  const type = getString(doc, 'properties', 'type') ?? '';
  const nameValue = getString(doc, 'properties', 'name', 'value');
  const localized = getString(doc, 'properties', 'name', 'localizedValue');
  const fromId = /\/(?:usages|quotas)\/([^/]+)\/?$/i.exec(ownId)?.[1];
  const label = nameValue ?? localized ?? fromId?.replace(/_/g, ' ') ?? item.name;
  const said = [nameValue, localized, type, ownId].filter((text): text is string => typeof text === 'string');
  const scope = SCOPED.exec(ownId);

  let kind: MlQuotaFacts['kind'];
  if (said.some((text) => /(dedicated|lowpriority)Cores\/|Regional[\s_]+vCPUs/i.test(text))) kind = 'regionalTotal';
  else if (/totalCores\//i.test(type) || label === 'Clusters') kind = 'clusters';
  else if (/Family/i.test(label)) kind = 'vmFamily';
  else kind = 'other';

  const priority: Priority =
    kind === 'clusters' || kind === 'other' ? null : said.some((text) => /low[\s_]*priority/i.test(text)) ? 'LowPriority' : 'Dedicated';
  const family = kind === 'vmFamily' ? label.replace(FAMILY_SUFFIX, '') : undefined;
  const currentValue = isUsage ? getNumber(doc, 'properties', 'currentValue') : undefined;
  const unlimited = limit < 0;
  const facts: MlQuotaFacts = {
    kind,
    scope: scope?.[2] ? 'compute' : scope ? 'workspace' : 'subscription',
    priority,
    isGpuFamily: family !== undefined && isGpuQuotaFamilyLoose(familyKey(family)),
    limit,
    unlimited,
  };
  if (scope) facts.workspace = scope[1];
  if (scope?.[2]) facts.compute = scope[2];
  if (family !== undefined) facts.family = family;
  if (currentValue !== undefined) {
    facts.currentValue = currentValue;
    if (!unlimited) {
      facts.remaining = limit - currentValue;
      const utilisation = limit > 0 ? (currentValue / limit) * 100 : currentValue > 0 ? 100 : 0;
      facts.utilisationPercent = Math.round(utilisation * 10) / 10;
    }
  }
  return facts;
}

function regionOfItem(item: EvaluationItem): string | undefined {
  const location = item.location ?? /\/locations\/([^/]+)\/(?:usages|quotas)\//i.exec(item.id)?.[1];
  return location === undefined ? undefined : regionKey(location);
}

const key = (...parts: string[]) => parts.map(foldCase).join('|');

/**
 * Azure ML capacity: classifies each Azure ML usage and quota item (mlQuota), then, for each
 * AmlCompute cluster, what its growth to maxNodeCount needs against the subscription's usage of its
 * family and of the regional total for its priority (mlScaleOut), and the cap its workspace's quota
 * sets on its family (mlWorkspaceQuota). One pass to index, one to join.
 */
export function joinMlQuotas(items: readonly EvaluationItem[]): void {
  const usages = new Map<string, MlQuotaFacts>();
  const workspaceQuotas = new Map<string, MlQuotaFacts>();
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type !== TYPES.mlUsage && type !== TYPES.mlQuota) continue;
    const facts = mlQuotaFacts(item, type === TYPES.mlUsage);
    if (!facts) continue;
    item.facts.mlQuota = facts;
    const region = regionOfItem(item);
    if (!item.subscriptionId || !region || facts.priority === null) continue;
    if (type === TYPES.mlUsage && facts.scope === 'subscription') {
      if (facts.kind === 'regionalTotal') usages.set(key(item.subscriptionId, region, facts.priority, '*'), facts);
      else if (facts.kind === 'vmFamily' && facts.family) usages.set(key(item.subscriptionId, region, facts.priority, familyKey(facts.family)), facts);
    } else if (type === TYPES.mlQuota && facts.scope === 'workspace' && facts.kind === 'vmFamily' && facts.family && facts.workspace) {
      workspaceQuotas.set(key(idKey(facts.workspace), region, facts.priority, familyKey(facts.family)), facts);
    }
  }

  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.mlCompute) continue;
    if (foldCase(getString(item.document, 'properties', 'computeType') ?? '') !== 'amlcompute') continue;
    const gpu = item.facts.gpu;
    const location = mlComputeRegion(item);
    if (!gpu?.family || !location || !item.subscriptionId) continue;
    const region = regionKey(location);
    const priority: 'Dedicated' | 'LowPriority' = /^low\s*priority$/i.test(getString(item.document, 'properties', 'properties', 'vmPriority') ?? '') ? 'LowPriority' : 'Dedicated';
    const family = familyKey(gpu.family);
    const maxNodeCount = getNumber(item.document, 'properties', 'properties', 'scaleSettings', 'maxNodeCount');
    if (maxNodeCount !== undefined) {
      const familyUsage = usages.get(key(item.subscriptionId, region, priority, family));
      const regionalUsage = usages.get(key(item.subscriptionId, region, priority, '*'));
      item.facts.mlScaleOut = scaleOut(region, priority, gpu, maxNodeCount, getNumber(item.document, 'properties', 'properties', 'currentNodeCount') ?? 0, familyUsage, regionalUsage);
    }
    const workspaceId = item.id.replace(/\/computes\/[^/]*$/i, '');
    const cap = workspaceQuotas.get(key(idKey(workspaceId), region, priority, family));
    if (cap && !cap.unlimited) {
      item.facts.mlWorkspaceQuota = {
        workspace: workspaceId.split('/').pop() ?? workspaceId,
        family: cap.family ?? gpu.family,
        priority,
        limit: cap.limit,
        ...(gpu.vCPUs !== undefined ? { vCPUsPerNode: gpu.vCPUs, allowsOneNode: cap.limit >= gpu.vCPUs } : {}),
      };
    }
  }
}

function scaleOut(
  region: string,
  priority: 'Dedicated' | 'LowPriority',
  gpu: { family?: string; vCPUs?: number },
  maxNodeCount: number,
  currentNodeCount: number,
  familyUsage: MlQuotaFacts | undefined,
  regionalUsage: MlQuotaFacts | undefined,
): MlScaleOutFacts {
  const additionalVcpus = gpu.vCPUs === undefined ? undefined : Math.max(0, maxNodeCount - currentNodeCount) * gpu.vCPUs;
  const familyRemaining = familyUsage?.remaining;
  const regionalRemaining = regionalUsage?.remaining;
  const facts: MlScaleOutFacts = {
    region,
    priority,
    currentNodeCount,
    maxNodeCount,
    quotaFound: familyRemaining !== undefined || regionalRemaining !== undefined,
  };
  if (gpu.family !== undefined) facts.family = gpu.family;
  if (gpu.vCPUs !== undefined) facts.vCPUsPerNode = gpu.vCPUs;
  if (additionalVcpus !== undefined) facts.additionalVcpus = additionalVcpus;
  if (familyUsage?.family !== undefined) facts.quotaFamily = familyUsage.family;
  if (familyUsage) facts.familyUnlimited = familyUsage.unlimited;
  if (familyRemaining !== undefined) facts.familyRemaining = familyRemaining;
  if (regionalRemaining !== undefined) facts.regionalRemaining = regionalRemaining;
  if (additionalVcpus !== undefined && familyRemaining !== undefined) facts.fits = additionalVcpus <= familyRemaining;
  if (additionalVcpus !== undefined && regionalRemaining !== undefined) facts.fitsRegional = additionalVcpus <= regionalRemaining;
  const short = [
    facts.fits === false ? `the ${priority} Azure ML quota of ${facts.quotaFamily ?? facts.family} has ${familyRemaining} vCPUs left in ${region}` : undefined,
    facts.fitsRegional === false ? `the regional total of ${priority} Azure ML vCPUs has ${regionalRemaining} left in ${region}` : undefined,
  ].filter((text): text is string => text !== undefined);
  if (short.length > 0) facts.problem = short.join(', and ');
  return facts;
}
