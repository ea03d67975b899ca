/**
 * Scanning templates: each deployment is evaluated on its own, with the estate (if any) as what
 * exists already, so its joins and quota checks see the estate's resources and not another
 * template's (a deployment can rely only on what exists). The estate itself is evaluated once.
 */
import type { CompiledRule } from './engine/rule.js';
import { evaluate, type Evaluation, type ItemOutcome, type NotEvaluated, type OutcomeCounts, type Undecided } from './engine/evaluate.js';
import type { Finding } from './engine/finding.js';
import type { CoverageEntry, Estate, ScannedScope } from './estate.js';
import { enrichEstate } from './facts/enrich.js';
import type { EvaluationItem } from './facts/items.js';
import { skuClassificationWarnings } from './facts/sku-availability.js';
import { unknownFactsOf } from './facts/unknown-facts.js';
import { clusterOfKubernetesObject, equalsIgnoringCase, idKey, parseResourceId, typeKey } from './ids.js';
import { KUBERNETES_WORKLOAD_TYPE_KEYS, TYPE_NAMES } from './facts/resource-types.js';
import { manifestClusterId, parseKubernetesType } from './sources/kubernetes/kubernetes-ids.js';
import { shown } from './text/shown.js';
import type { TemplateDeployment } from './sources/inputs/load-inputs.js';

export interface DeploymentEvaluation {
  evaluation: Evaluation;
  /** Items evaluated: the estate's in scope, and every deployment's own. */
  itemCount: number;
  /** Ids a template declares twice; sizes the GPU catalogue learnt from resource SKUs. */
  warnings: string[];
}

export function evaluateDeployments(
  rules: readonly CompiledRule[],
  estate: Estate,
  deployments: readonly TemplateDeployment[],
  options: { coverage: CoverageEntry[]; inScope: (items: EvaluationItem[]) => EvaluationItem[]; recordOutcomes?: boolean },
): DeploymentEvaluation {
  const items = options.inScope(enrichEstate(estate));
  const evaluations = [evaluate(rules, items, { ...estate, coverage: options.coverage }, { recordOutcomes: options.recordOutcomes })];
  let itemCount = items.length;
  const warnings: string[] = skuClassificationWarnings(items);
  const clusters = new Set(estate.resources.filter((resource) => equalsIgnoringCase(resource.type, TYPE_NAMES.managedCluster)).map((resource) => idKey(resource.resource.id)));
  const missingClusters = new Set<string>();
  for (const deployment of deployments) {
    warnAboutMissingCluster(deployment, clusters, missingClusters, warnings);
    warnAboutCustomResources(deployment, warnings);
    const deployed = withDeployment(estate, deployment, warnings);
    // Only the template's own items are evaluated here: the estate's were, once, above.
    const enriched = enrichEstate(deployed);
    const own = options.inScope(enriched.filter((item) => item.origin.declared !== undefined));
    for (const warning of skuClassificationWarnings(own)) if (!warnings.includes(warning)) warnings.push(warning);
    itemCount += own.length;
    evaluations.push(
      evaluate(rules, own, { ...deployed, coverage: options.coverage }, { recordOutcomes: options.recordOutcomes, unknownFacts: unknownFactsOf(enriched), countScopeGaps: false }),
    );
  }
  return { evaluation: mergeEvaluations(evaluations), itemCount, warnings };
}

export function emptyEstate(): Estate {
  return { resources: [], scopes: [], coverage: [], files: [], warnings: [] };
}

/**
 * The estate as it would be after the deployment: its resources, with the template's in place of
 * any of the same id (the deployment would update them). A template declaring one id twice keeps
 * the first, with a warning naming both declarations.
 */
function withDeployment(estate: Estate, deployment: TemplateDeployment, warnings: string[]): Estate {
  const declared = new Map<string, (typeof deployment.resources)[number]>();
  for (const resource of deployment.resources) {
    const key = idKey(resource.resource.id);
    const earlier = declared.get(key);
    if (earlier) {
      const [first, second] = [earlier, resource].map((declaration) => describeDeclaration(declaration, deployment.template));
      warnings.push(`${deployment.template}: ${shown(resource.resource.id)} is declared twice (${first} and ${second}); the first is scanned`);
      continue;
    }
    declared.set(key, resource);
  }
  return { ...estate, resources: [...estate.resources.filter((resource) => !declared.has(idKey(resource.resource.id))), ...declared.values()] };
}

/**
 * Manifests given a cluster (`--cluster`) are matched with its node pools only when the cluster is
 * in the estate scanned beside them: said once per cluster, never silently left out.
 */
function warnAboutMissingCluster(deployment: TemplateDeployment, clusters: ReadonlySet<string>, warned: Set<string>, warnings: string[]): void {
  for (const { resource, origin } of deployment.resources) {
    const cluster = clusterOfKubernetesObject(resource.id);
    if (cluster === undefined || idKey(cluster) === idKey(manifestClusterId(parseResourceId(cluster).subscriptionId))) continue;
    if (clusters.has(idKey(cluster)) || warned.has(idKey(cluster))) continue;
    warned.add(idKey(cluster));
    warnings.push(`${origin.file}: the cluster ${shown(cluster)} is not in the estate scanned (give its snapshot with --snapshot): its node pools are unknown, and the rules that match pods with them are not applicable`);
  }
}

/** API groups Kubernetes itself serves: their kinds are known, and hold pods only where aiscan reads them. */
const KUBERNETES_API_GROUPS = new Set([
  'core',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'apiregistration.k8s.io',
  'resource.k8s.io',
]);

/**
 * Custom resources whose pod templates aiscan does not know (a KAITO Workspace, an Argo Workflow)
 * may run pods the kubernetes rules never see: counted by kind, once per file, never silently.
 */
function warnAboutCustomResources(deployment: TemplateDeployment, warnings: string[]): void {
  const kindsByFile = new Map<string, Map<string, number>>();
  for (const { type, origin } of deployment.resources) {
    const parsed = parseKubernetesType(type);
    if (!parsed || KUBERNETES_API_GROUPS.has(parsed.group) || KUBERNETES_WORKLOAD_TYPE_KEYS.has(typeKey(type))) continue;
    const name = `${parsed.kind}.${parsed.group}`;
    const kinds = kindsByFile.get(origin.file) ?? new Map<string, number>();
    kindsByFile.set(origin.file, kinds.set(name, (kinds.get(name) ?? 0) + 1));
  }
  for (const [file, kinds] of kindsByFile) {
    const list = [...kinds].map(([kind, count]) => `${shown(kind)} (${count})`).join(', ');
    warnings.push(`${file}: custom resources whose pod templates aiscan does not read, so that pods they start are not checked: ${list}`);
  }
}

/** Where a declaration is: its line or path in the template, or, when another file writes it (a plan's `.tf` source), that file's line and what it is called there. */
function describeDeclaration(resource: TemplateDeployment['resources'][number], template: string): string {
  const { declared, path, file } = resource.origin;
  if (file !== template && declared?.line !== undefined) return `${shown(declared.as)} at ${file}:${declared.line}`;
  return declared?.line !== undefined ? `line ${declared.line}` : `at ${path.length === 0 ? '/' : `/${path.join('/')}`}`;
}

/** Subscriptions the templates deploy to count as scanned: a baseline finding there that is gone now is fixed. */
export function withDeploymentScopes(scopes: readonly ScannedScope[], deployments: readonly TemplateDeployment[]): ScannedScope[] {
  const known = new Set(scopes.map((scope) => scope.subscriptionId.toLowerCase()));
  const added: ScannedScope[] = [];
  for (const deployment of deployments) {
    for (const { resource } of deployment.resources) {
      const subscriptionId = parseResourceId(resource.id).subscriptionId;
      if (subscriptionId === undefined || known.has(subscriptionId.toLowerCase())) continue;
      known.add(subscriptionId.toLowerCase());
      added.push({ subscriptionId });
    }
  }
  return [...scopes, ...added];
}

/** One evaluation of the estate, then one per template deployment: their results are summed. */
function mergeEvaluations(evaluations: readonly Evaluation[]): Evaluation {
  if (evaluations.length === 1) return evaluations[0];
  const counts = new Map<string, OutcomeCounts>();
  const notEvaluated = new Map<string, NotEvaluated>();
  const findings: Finding[] = [];
  const undecided: Undecided[] = [];
  const outcomes: ItemOutcome[] | undefined = evaluations[0].outcomes ? [] : undefined;
  let evaluatedItems = 0;
  for (const evaluation of evaluations) {
    for (const [ruleId, count] of evaluation.counts) {
      const sum = counts.get(ruleId) ?? { pass: 0, fail: 0, notApplicable: 0, notEvaluated: 0 };
      counts.set(ruleId, { pass: sum.pass + count.pass, fail: sum.fail + count.fail, notApplicable: sum.notApplicable + count.notApplicable, notEvaluated: sum.notEvaluated + count.notEvaluated });
    }
    // A coverage gap of the estate is found again by every deployment evaluated against it: list it once.
    for (const entry of evaluation.notEvaluated) notEvaluated.set(`${entry.ruleId}|${entry.subscriptionId.toLowerCase()}|${entry.resourceType.toLowerCase()}`, entry);
    for (const finding of evaluation.findings) findings.push(finding);
    for (const entry of evaluation.undecided) undecided.push(entry);
    if (outcomes && evaluation.outcomes) for (const outcome of evaluation.outcomes) outcomes.push(outcome);
    evaluatedItems += evaluation.evaluatedItems;
  }
  return { findings, ...(outcomes ? { outcomes } : {}), counts, notEvaluated: [...notEvaluated.values()], undecided, evaluatedItems };
}
