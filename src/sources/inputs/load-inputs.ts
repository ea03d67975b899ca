/**
 * What `aiscan scan PATH…` reads, turned into estates: estate files as they are, and each
 * template run (an ARM template with one parameter file or its defaults; a Bicep file compiled,
 * alone or through a `.bicepparam`) expanded into the resources its deployment would create.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { EstateResource, JsonPath } from '../../estate.js';
import { UserError } from '../../errors.js';
import { parseJsonWithComments, readTextFile } from '../../json/read-json.js';
import type { TargetOptions } from '../arm-template/deployment-scope.js';
import { expandTemplateText, type ParameterSet } from '../arm-template/expand-template.js';
import type { Value } from '../arm-template/expressions/values.js';
import { parameterFileValues, readParameterFile } from '../arm-template/parameter-file.js';
import { MissingParameterValues, type ParameterValues } from '../arm-template/template-context.js';
import { compileBicep, resolveBicep, type BicepCli, type BicepOptions } from '../bicep/compile-bicep.js';
import { compiledByBicep, matchDeclarations, readDeclarations } from '../bicep/declarations.js';
import { mapPlan } from '../terraform/map-plan.js';
import { readPlan } from '../terraform/plan-file.js';
import { deployedTemplates } from '../terraform/template-deployment.js';
import { sameJson } from '../same-json.js';
import { tfLocator } from '../terraform/locate-tf.js';
import { addTo } from '../../multimap.js';
import { manifestClusterId } from '../kubernetes/kubernetes-ids.js';
import { manifestResources } from '../kubernetes/manifest-resources.js';
import { kustomizationNaming, wholeObjectsOfPatch } from '../kubernetes/kustomize-patches.js';
import { readManifests } from '../kubernetes/read-manifests.js';
import { looksLikeHelmTemplate } from '../kubernetes/helm-templates.js';
import { STANDARD_INPUT } from '../../files/standard-input.js';
import { shown } from '../../text/shown.js';
import { findInputs, type SkippedInput } from './find-inputs.js';
import { INPUT_KIND_NAMES, type InputKind } from './input-kind.js';
import { pairParameters, type TemplateRun } from './pair-parameters.js';
import { readDeploymentText } from '../arm-template/deployment-text.js';

export interface InputOptions {
  /** Parameter files named with --parameters. */
  parameters?: readonly string[];
  /** Where templates are deployed (--subscription-id, --resource-group, --location, the configuration). */
  target?: TargetOptions;
  /** Values for template parameters that have neither a value nor a default. */
  parameterDefaults?: Readonly<Record<string, unknown>>;
  bicep?: BicepOptions;
  /** The folder of the root module's .tf files (default: each plan file's folder). */
  terraformRoot?: string;
  /** The ARM id of the AKS cluster Kubernetes manifests are for (default: a placeholder no Azure resource has). */
  kubernetesCluster?: string;
}

/** One deployment a scan evaluates: a template with one parameter file, or its defaults alone. */
export interface TemplateDeployment {
  /** The file the user wrote (the .bicep file for Bicep). */
  template: string;
  /** Every file the resources come from, when that is more than `template`: the Kubernetes manifests of one folder, applied together. */
  files?: string[];
  parameters?: string;
  resources: EstateResource[];
  /**
   * A template read as other text than its own: one that is not JSON (az reads it as a Python
   * literal, Azure PowerShell with JSON.NET), read as the JSON it stands for, on the same lines. Its
   * findings are located in that text.
   */
  readAs?: { file: string; json: string };
}

export interface InputSummary {
  /** Files read, by kind (`label` is the kind as users read it: "ARM template"). */
  read: { kind: InputKind; label: string; count: number }[];
  /** Files in the folders walked that were not read, each with why. */
  skipped: SkippedInput[];
  /** Entries left out without a look (.gitignore'd, hidden files, node_modules, .git). */
  ignored: number;
}

export interface LoadedInputs {
  estateFiles: string[];
  deployments: TemplateDeployment[];
  warnings: string[];
  summary: InputSummary;
}

/**
 * Finds, recognises, pairs, compiles and expands the inputs. Every failure is a UserError naming
 * the file: a template that cannot be expanded is never passed over as if it held nothing.
 */
export async function loadInputs(paths: readonly string[], options: InputOptions = {}): Promise<LoadedInputs> {
  const found = findInputs(paths);
  const skipped = [...found.skipped];
  const bicepFiles = found.files.filter((input) => input.kind === 'bicep').map((input) => input.file);
  const bicepParameterFiles = found.files.filter((input) => input.kind === 'bicep-parameters').map((input) => input.file);
  // Each .bicepparam file's `using` target, read once.
  const usedBy = new Map(bicepParameterFiles.map((file) => [file, usedTemplate(file)]));
  const usedByParameters = new Set([...usedBy.values()].filter((file): file is string => file !== undefined).map((file) => resolve(file)));

  // A template Bicep compiled, kept beside its .bicep file (as Azure Verified Modules do), is the
  // same deployment: scanned once, as the source, when it deploys what the source does (checkTwin).
  const twins = new Map<string, string>(); // the .bicep file (resolved) → its twin
  const armInputs = found.files.filter((input) => {
    const source = resolve(join(dirname(input.file), `${basename(input.file, extname(input.file))}.bicep`));
    if (input.kind !== 'arm-template' || !bicepFiles.some((bicep) => resolve(bicep) === source) || !isBicepOutput(input.file)) return true;
    twins.set(source, input.file);
    return false;
  });
  const paired = pairParameters(armInputs, options.parameters ?? []);
  skipped.push(...paired.skipped);

  const target = options.target ?? {};
  const defaults: ParameterValues = new Map(Object.entries(options.parameterDefaults ?? {}) as [string, Value][]);
  const deployments: TemplateDeployment[] = [];
  const warnings: string[] = [];
  const isBicep = (file: string) => extname(file).toLowerCase() === '.bicep';
  const expand = (template: { file: string; text: string; rewritten?: boolean }, parameters: ParameterSet | undefined, locate?: (resource: EstateResource) => EstateResource) => {
    const bicepHint = isBicep(template.file) ? { parameterHint: `${basename(template.file, '.bicep')}.parameters.json beside it, a .bicepparam file with using '${basename(template.file)}', or --parameters FILE` } : {};
    const expanded = expandTemplateText(template, parameters, { target, defaults, ...bicepHint });
    warnings.push(...expanded.warnings);
    deployments.push({
      template: template.file,
      ...(parameters ? { parameters: parameters.file } : {}),
      resources: locate ? expanded.resources.map(locate) : expanded.resources,
      ...(template.rewritten ? { readAs: { file: template.file, json: template.text } } : {}),
    });
    return expanded.resources;
  };
  const readTemplate = (file: string) => {
    const { json, rewritten } = readDeploymentText(file, 'an ARM template');
    return { file, text: json, rewritten };
  };

  /**
   * A twin is skipped only when, with the same parameters, it deploys the resources its .bicep file
   * does. Its metadata says Bicep wrote it, but anyone can write that: a pull request could keep
   * main.bicep harmless and change the main.json that a pipeline deploys. Otherwise it is scanned
   * too, as it is, and a failure to expand it is the scan's error.
   */
  const checkTwin = (bicepFile: string, parameters: ParameterSet | undefined, deployed: readonly EstateResource[]) => {
    const twin = twins.get(resolve(bicepFile));
    if (twin === undefined) return;
    twins.delete(resolve(bicepFile));
    const template = readTemplate(twin);
    let resources: EstateResource[] | undefined;
    try {
      resources = expandTemplateText(template, parameters, { target, defaults }).resources;
    } catch {
      resources = undefined;
    }
    if (resources && sameResources(resources, deployed)) {
      skipped.push({ file: twin, reason: `compiled by Bicep from ${basename(bicepFile)} beside it, which is scanned instead` });
      return;
    }
    warnings.push(`${twin}: its metadata says Bicep compiled it from ${basename(bicepFile)} beside it, but it does not deploy what ${basename(bicepFile)} does: both are scanned`);
    expand(template, parameters);
  };

  /**
   * A run's parameters, as its parameter file gives them; and, for a file without "parameters", the
   * template once more with its defaults: what the Azure Pipelines task deploys through it, since
   * it reads nothing else of the file (az and Azure PowerShell take each of its keys).
   */
  const withDefaults = new Set<string>();
  const expandRun = (template: { file: string; text: string; rewritten?: boolean }, parameterFile: string | undefined, locate?: (resource: EstateResource) => EstateResource) => {
    const read = parameterFile !== undefined ? readParameterFile(parameterFile) : undefined;
    const parameters = parameterFile !== undefined && read !== undefined ? { file: parameterFile, values: read.values } : undefined;
    const deployed = expand(template, parameters, locate);
    if (parameterFile !== undefined && read?.wrapped === false && !withDefaults.has(resolve(template.file))) {
      withDefaults.add(resolve(template.file));
      expandWithDefaults(template, parameterFile, locate);
    }
    return { parameters, deployed };
  };
  const expandWithDefaults = (template: { file: string; text: string; rewritten?: boolean }, parameterFile: string, locate?: (resource: EstateResource) => EstateResource) => {
    const through = `${parameterFile}: has no "parameters" around its values, so the Azure Pipelines task deploys ${basename(template.file)} with its defaults`;
    try {
      expand(template, undefined, locate);
    } catch (error) {
      if (!(error instanceof MissingParameterValues && error.topLevel)) throw error;
      warnings.push(`${through}, and ARM would refuse that deployment (no value for ${error.names.map(shown).join(', ')}): it is not evaluated`);
      return;
    }
    warnings.push(`${through} (az and Azure PowerShell with its values): it is evaluated both ways`);
  };
  // A template a scanned plan deploys (`template_content = file("…")`, azapi's `jsondecode(file("…"))`),
  // with no parameter file of its own, is scanned there, with the plan's parameters: alone it would lack their values.
  const plans = found.files.filter((entry) => entry.kind === 'terraform-plan').map((input) => ({ file: input.file, plan: readPlan(readTextFile(input.file, 'a Terraform plan'), input.file) }));
  const planTemplates = plans.flatMap(({ file, plan }) => deployedTemplates(plan).map((deployed) => ({ file, ...deployed })));
  const deployedByPlan = (template: { file: string; text: string }) => {
    if (planTemplates.length === 0) return undefined;
    const value = parseJsonWithComments(template.text, template.file, 'an ARM template');
    return planTemplates.find((deployed) => sameJson(deployed.template, value));
  };
  for (const run of paired.runs.filter((entry) => !isBicep(entry.template))) {
    const template = readTemplate(run.template);
    const planned = run.parameters === undefined ? deployedByPlan(template) : undefined;
    if (planned !== undefined) skipped.push({ file: run.template, reason: `deployed by ${planned.address} of ${planned.file}, and scanned there with its ${planned.parameters}` });
    else expandRun(template, run.parameters);
  }

  let cli: BicepCli | undefined;
  const bicep = async (file: string) => {
    cli ??= await resolveBicep(file, options.bicep);
    const compiled = await compileBicep(file, { ...options.bicep, cli });
    warnings.push(...compiled.warnings.map((warning) => `${file}: Bicep: ${warning}`));
    return compiled;
  };
  // A Bicep file (each is paired, with its parameter files or none) is evaluated once per JSON
  // parameter file paired with it, and once per .bicepparam file that uses it; with its defaults
  // only when it has neither.
  const bicepRuns = new Map<string, TemplateRun[]>();
  for (const run of paired.runs) if (isBicep(run.template)) addTo(bicepRuns, run.template, run);
  for (const [source, runs] of bicepRuns) {
    if (runs[0].parameters === undefined && usedByParameters.has(resolve(source))) continue;
    const compiled = await bicep(source);
    for (const run of runs) {
      const { parameters, deployed } = expandRun({ file: source, text: compiled.template }, run.parameters, bicepLocator(source, compiled.template));
      checkTwin(source, parameters, deployed);
    }
  }
  for (const file of bicepParameterFiles) {
    const compiled = await bicep(file);
    const source = usedBy.get(file);
    const { values } = parameterFileValues(compiled.parameters!, file);
    // Findings point into the .bicep file the parameters are for; without one readable, into the .bicepparam.
    const templateFile = source !== undefined && isReadable(source) ? source : file;
    const deployed = expand({ file: templateFile, text: compiled.template }, { file, values }, templateFile === file ? atLine(1, 1) : bicepLocator(templateFile, compiled.template));
    if (source !== undefined) checkTwin(source, { file, values }, deployed);
  }
  // Every .bicep file with a twin was compiled above; a twin never compared is not taken on trust.
  for (const twin of twins.values()) expand(readTemplate(twin), undefined);

  for (const { file, plan } of plans) {
    const mapped = mapPlan(plan, file, target.subscriptionId !== undefined ? { subscriptionId: target.subscriptionId } : {});
    const locate = tfLocator(file, plan.configuration, { root: options.terraformRoot ?? dirname(file) });
    deployments.push({ template: file, resources: mapped.resources.map(locate) });
    warnings.push(...mapped.warnings);
    if (mapped.unmapped.size > 0) {
      const types = [...mapped.unmapped].map(([type, n]) => `${type} (${n})`).join(', ');
      warnings.push(`${file}: resources of Terraform types aiscan has no mapping for are not scanned: ${types}`);
    }
  }

  const cluster = options.kubernetesCluster ?? manifestClusterId(target.subscriptionId);
  // The manifests of one folder are applied together (`kubectl apply -f folder/`): a namespace's
  // quota in one file bounds the workloads of another. Folders (overlays, environments) stay apart.
  const manifestFolders = new Map<string, string[]>();
  for (const input of found.files.filter((entry) => entry.kind === 'kubernetes-manifest')) addTo(manifestFolders, dirname(input.file), input.file);
  for (const files of manifestFolders.values()) {
    const resources = files.flatMap((file) => {
      const text = readTextFile(file, 'a Kubernetes manifest');
      const read = readManifests(text, file, { template: looksLikeHelmTemplate(file === STANDARD_INPUT ? undefined : file, text) });
      warnings.push(...read.warnings);
      const kustomization = file === STANDARD_INPUT ? undefined : kustomizationNaming(file);
      if (kustomization === undefined) return manifestResources(file, read.objects, cluster);
      const whole = wholeObjectsOfPatch(read.objects, file, kustomization);
      warnings.push(...whole.warnings);
      return manifestResources(file, whole.objects, cluster);
    });
    deployments.push({ template: files[0], ...(files.length > 1 ? { files } : {}), resources });
  }

  const tfFiles = found.files.filter((entry) => entry.kind === 'terraform-source').length;
  if (tfFiles > 0 && !found.files.some((entry) => entry.kind === 'terraform-plan')) {
    warnings.push(
      `${tfFiles} .tf file${tfFiles === 1 ? '' : 's'} and no Terraform plan: aiscan scans what a plan would deploy (terraform plan -out tfplan && terraform show -json tfplan > plan.json); .tf files only place its findings`,
    );
  }

  const notRead = new Set(skipped.map((entry) => resolve(entry.file)));
  const named = (options.parameters ?? []).filter((file) => !found.files.some((input) => resolve(input.file) === resolve(file)));
  const counts = new Map<InputKind, number>();
  for (const input of [...found.files, ...named.map((file) => ({ file, kind: 'arm-parameters' as const }))]) {
    if (!notRead.has(resolve(input.file))) counts.set(input.kind, (counts.get(input.kind) ?? 0) + 1);
  }
  const read = [...counts].map(([kind, count]) => ({ kind, label: INPUT_KIND_NAMES[kind], count }));
  const estateFiles = found.files.filter((input) => input.kind === 'estate').map((input) => input.file);
  return { estateFiles, deployments, warnings, summary: { read, skipped, ignored: found.ignored } };
}

/** `using './main.bicep'` of a .bicepparam file, relative to it; undefined for a registry or template spec reference, or `using none`. */
export function usedTemplate(file: string): string | undefined {
  const match = /^\s*using\s+'([^']+)'/m.exec(readTextFile(file, 'a Bicep parameter file'));
  if (!match || /^(br|ts)[:/]/.test(match[1])) return undefined;
  return join(dirname(file), match[1]);
}

function isReadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The same resources, in any order, wherever each was written. (Expanded resources carry no `dependsOn`, which a newer Bicep writes less of.) */
function sameResources(some: readonly EstateResource[], others: readonly EstateResource[]): boolean {
  const texts = (resources: readonly EstateResource[]) => resources.map(({ resource }) => canonicalJson(resource)).sort();
  const [a, b] = [texts(some), texts(others)];
  return a.length === b.length && a.every((text, index) => text === b[index]);
}

/** JSON with every object's keys sorted, and no `undefined` members: equal values give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).filter(([, entry]) => entry !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

function isBicepOutput(file: string): boolean {
  try {
    return compiledByBicep(parseJsonWithComments(readDeploymentText(file, 'an ARM template').json, file, 'an ARM template'));
  } catch {
    return false;
  }
}

/**
 * Places each resource on the line of the `resource` or `module` statement that declares it: a
 * resource a module deploys is on the module's statement, the line a reviewer changes.
 */
function bicepLocator(file: string, compiledText: string): (resource: EstateResource) => EstateResource {
  let compiled: unknown;
  try {
    compiled = JSON.parse(compiledText);
  } catch {
    throw new UserError(`${file}: the Bicep CLI printed a template that is not JSON`);
  }
  const lines = new Map(matchDeclarations(compiled, readDeclarations(file)).map((match) => [match.pointer, match.declaration]));
  return (resource) => {
    const declaration = lines.get(topLevelPointer(resource.origin.path));
    const inModule = resource.origin.path.length > 2;
    const as = declaration && (inModule ? `${declaration.symbolicName} › ${resource.origin.declared!.as}` : declaration.symbolicName);
    const located = declaration ? atLine(declaration.line, declaration.column, as) : atLine(1, 1);
    return located(resource);
  };
}

function atLine(line: number, column: number, symbolicName?: string): (resource: EstateResource) => EstateResource {
  return (resource) => ({
    ...resource,
    origin: { ...resource.origin, declared: { ...resource.origin.declared!, ...(symbolicName !== undefined ? { as: symbolicName } : {}), line, column } },
  });
}

/** `/resources/<key>` of the top-level declaration a resource comes from (itself, or the module that deploys it). */
function topLevelPointer(path: JsonPath): string {
  const key = String(path[1]).replace(/~/g, '~0').replace(/\//g, '~1');
  return `/resources/${key}`;
}
