import type { Estate } from '../estate.js';
import { joinClustersAndPools } from './aks.js';
import { identityFacts } from './identity.js';
import { evaluationItems, type EvaluationItem } from './items.js';
import { describeWorkloads } from './kubernetes.js';
import { joinClusterKubernetesObjects } from './kubernetes-cluster.js';
import { joinNamespaces } from './kubernetes-namespaces.js';
import { describeNodes } from './kubernetes-nodes.js';
import { joinWorkloadsAndPools } from './kubernetes-placement.js';
import { describeRoleBindings } from './kubernetes-rbac.js';
import { joinWorkspacesAndComputes } from './machine-learning.js';
import { joinMlQuotas } from './ml-quota.js';
import { describeNetworkInterfaces, joinVirtualMachinesAndNics } from './network.js';
import { joinQuotas } from './quota.js';
import { joinRoleAssignments } from './rbac.js';
import { describeSkuAvailability, indexSkus, withSkuClassification } from './sku-availability.js';
import { tagNames, tagValues } from './tags.js';
import { gpuFacts } from './vm-size.js';

/**
 * Turns the Estate into the items rules are evaluated against, each with its derived facts.
 * Every join is one pass over an index, so the cost grows with the estate, not its square.
 * The order matters: later joins read facts that earlier steps set (GPU size before scopes).
 */
export function enrichEstate(estate: Estate): EvaluationItem[] {
  return enrichItems(evaluationItems(estate), estate);
}

/** The facts of items already made from the estate (a test wraps them to see what the facts code reads). */
export function enrichItems(items: EvaluationItem[], estate: Pick<Estate, 'scopes'>): EvaluationItem[] {
  // A size the catalogue does not know is classified by its resource SKU, when the estate has it.
  const skus = indexSkus(items);
  for (const item of items) {
    const gpu = withSkuClassification(gpuFacts(item), skus);
    if (gpu) {
      item.facts.gpu = gpu;
      item.facts.isGpuResource = gpu.isGpu;
    }
    item.facts.identity = identityFacts(item.document);
    const tags = tagValues(item.document);
    item.facts.tagValues = tags;
    item.facts.tagNames = tagNames(tags);
  }
  describeWorkloads(items);
  joinClustersAndPools(items);
  joinWorkloadsAndPools(items);
  joinNamespaces(items);
  joinClusterKubernetesObjects(items);
  describeNodes(items);
  describeRoleBindings(items);
  joinWorkspacesAndComputes(items);
  joinVirtualMachinesAndNics(items);
  describeNetworkInterfaces(items);
  joinQuotas(items);
  joinMlQuotas(items);
  describeSkuAvailability(items, skus);
  joinRoleAssignments(items, estate.scopes);
  return items;
}
