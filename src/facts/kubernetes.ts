import { describeWorkload } from './kubernetes-workload.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { KUBERNETES_WORKLOAD_TYPE_KEYS } from './resource-types.js';

/** The pod templates of each Kubernetes workload (src/facts/kubernetes-workload.ts). */
export function describeWorkloads(items: readonly EvaluationItem[]): void {
  for (const item of items) {
    if (!KUBERNETES_WORKLOAD_TYPE_KEYS.has(itemTypeKey(item))) continue;
    // The namespace is no part of it: rules read metadata.namespace themselves, so a manifest that
    // names none leaves only those rules undecided, not every rule that reads the pod templates.
    const workload = describeWorkload(item.document);
    if (workload) item.facts.workload = workload;
  }
}
