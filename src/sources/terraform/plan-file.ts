/**
 * A Terraform plan as `terraform show -json tfplan` writes it (format_version 1.x): the resource
 * changes a pull request would make, each with its planned `after` state and what is known only
 * after apply. Data sources and pure deletions deploy nothing and are left out; `no-op` resources
 * are kept, so a gate sees the whole planned state and a baseline isolates what is new.
 */
import { UserError } from '../../errors.js';
import { isRecord } from '../../json/is-record.js';
import { parseJsonText } from '../../json/read-json.js';

export interface PlannedResource {
  /** `module.aks.azurerm_kubernetes_cluster_node_pool.gpu["a100"]` */
  address: string;
  type: string;
  /** `module.aks`, for a resource in a module. */
  moduleAddress?: string;
  /** The actions planned: ["create"], ["update"], ["delete", "create"], ["no-op"]. */
  actions: string[];
  after: Record<string, unknown>;
  /** The shape of `after` with `true` where a value is known only after apply. */
  afterUnknown: unknown;
  /** Its place in the file: `/resource_changes/<index>/change/after`. */
  index: number;
}

export interface PlanFile {
  formatVersion: string;
  terraformVersion?: string;
  resources: PlannedResource[];
  /** `configuration`: the expressions each resource was written with (references between resources). */
  configuration: Record<string, unknown>;
}

const EVALUATED_ACTIONS = new Set(['create', 'update', 'no-op', 'read']);

export function readPlan(text: string, file: string): PlanFile {
  const plan = parseJsonText(text, file, 'a Terraform plan');
  if (!isRecord(plan)) throw new UserError(`${file}: a Terraform plan is a JSON object`);
  const formatVersion = typeof plan.format_version === 'string' ? plan.format_version : '';
  if (!/^1\.\d+$/.test(formatVersion)) {
    throw new UserError(`${file}: at /format_version: the plan's format is ${JSON.stringify(plan.format_version)}; aiscan reads format 1.x, which terraform show -json writes from Terraform 1.1 on`);
  }
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new UserError(`${file}: at /resource_changes: a list of resource changes is an array`);
  const resources: PlannedResource[] = [];
  changes.forEach((entry: unknown, index) => {
    const at = `/resource_changes/${index}`;
    if (!isRecord(entry) || typeof entry.address !== 'string' || typeof entry.type !== 'string' || !isRecord(entry.change)) {
      throw new UserError(`${file}: at ${at}: a resource change has an "address", a "type" and a "change"`);
    }
    if (entry.mode === 'data') return;
    const actions = Array.isArray(entry.change.actions) ? entry.change.actions.filter((action): action is string => typeof action === 'string') : [];
    if (!actions.some((action) => EVALUATED_ACTIONS.has(action)) || !isRecord(entry.change.after)) return;
    resources.push({
      address: entry.address,
      type: entry.type,
      ...(typeof entry.module_address === 'string' ? { moduleAddress: entry.module_address } : {}),
      actions,
      after: entry.change.after,
      afterUnknown: entry.change.after_unknown ?? {},
      index,
    });
  });
  return {
    formatVersion,
    ...(typeof plan.terraform_version === 'string' ? { terraformVersion: plan.terraform_version } : {}),
    resources,
    configuration: isRecord(plan.configuration) ? plan.configuration : {},
  };
}
