import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { resolveScanSettings, type ScanFlags, type ScanSettings } from '../config/settings.js';
import { loadRules } from '../engine/load-rules.js';
import { isUserError, UserError } from '../errors.js';
import { STANDARD_INPUT } from '../files/standard-input.js';
import { collectIfLarge } from '../heap.js';
import { readBaseline } from '../gate/baseline.js';
import { renderTerminal } from '../report/terminal.js';
import { writeReportFiles } from '../report/write-reports.js';
import { scan, scanOptionsFromSettings } from '../scan.js';
import { checkClusterFlag, hasLiveScope, type LiveArgs } from './live-options.js';
import type { InputOptions, InputSummary } from '../sources/inputs/load-inputs.js';
import { count } from '../text/count.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The flags that place templates are checked before anything is read: ids and names built from them end up in every finding. */
function checkTemplateFlags(options: ScanCommandOptions): void {
  if (options.subscriptionId !== undefined && !GUID.test(options.subscriptionId)) throw new UserError(`--subscription-id: ${JSON.stringify(options.subscriptionId)} is not a subscription id (a GUID)`);
  if (options.resourceGroup !== undefined && !/^[-\w._()]{1,90}$/.test(options.resourceGroup)) {
    throw new UserError(`--resource-group: ${JSON.stringify(options.resourceGroup)} is not a resource group name (1-90 letters, digits, - _ . ( ))`);
  }
  if (options.location !== undefined && !/^[a-z0-9]{1,40}$/.test(options.location)) throw new UserError(`--location: ${JSON.stringify(options.location)} is not an Azure region name (such as swedencentral)`);
  if (options.terraformRoot !== undefined && !isFolder(options.terraformRoot)) throw new UserError(`--terraform-root: ${JSON.stringify(options.terraformRoot)} is not a folder`);
  if (options.cluster !== undefined) checkClusterFlag(options.cluster);
  if (options.bicepTimeout !== undefined && !(Number.isFinite(options.bicepTimeout) && options.bicepTimeout > 0 && options.bicepTimeout <= 3600)) {
    throw new UserError(`--bicep-timeout: ${options.bicepTimeout} is not a number of seconds between 0 and 3600`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function inputOptions(options: ScanCommandOptions, settings: ScanSettings): InputOptions {
  return {
    parameters: options.parameterFiles ?? [],
    target: settings.templates.target,
    parameterDefaults: settings.templates.parameterDefaults,
    bicep: settings.templates.bicepTimeoutMs !== undefined ? { timeoutMs: settings.templates.bicepTimeoutMs } : {},
    ...(options.terraformRoot !== undefined ? { terraformRoot: options.terraformRoot } : {}),
    ...(options.cluster !== undefined ? { kubernetesCluster: options.cluster } : {}),
  };
}

function nothingFound(summary: InputSummary): string {
  const kinds = summary.read.map((kind) => count(kind.count, kind.label));
  const terraform = summary.read.some((kind) => kind.kind === 'terraform-source') ? '; Terraform is scanned through its plan: terraform plan -out tfplan && terraform show -json tfplan > plan.json' : '';
  return `${kinds.length > 0 ? `only ${kinds.join(', ')}` : 'no estate file, template, Bicep file, Terraform plan or Kubernetes manifest'} (${summary.skipped.length} skipped, ${summary.ignored} ignored)${terraform}`;
}

export interface ScanCommandOptions extends ScanFlags {
  /** Files and folders to scan: estate files, ARM templates and parameter files, Bicep files. */
  paths?: string[];
  /** Parameter files named with --parameters. */
  parameterFiles?: string[];
  /** --terraform-root: the folder of the root module's .tf files. */
  terraformRoot?: string;
  /** --cluster: the AKS cluster Kubernetes manifests are applied to. */
  cluster?: string;
  snapshots: string[];
  /** Live scope and sign-in flags: used when no --snapshot is given. */
  live?: LiveArgs;
  quiet: boolean;
}

export async function scanCommand(options: ScanCommandOptions, io: CliIO): Promise<number> {
  if (options.snapshots.length > 0 && options.live && hasLiveScope(options.live)) {
    throw new UserError('scan: give either --snapshot FILE or a live scope (--subscription, --all-subscriptions, --management-group, --aks, --kubeconfig), not both');
  }
  checkTemplateFlags(options);
  const settings = resolveScanSettings(options);
  // Read the baseline before a live collection that may take minutes, so a bad file fails at once.
  const baseline = settings.baseline === undefined ? undefined : readBaseline(settings.baseline);
  const paths = options.paths ?? [];
  if ((options.parameterFiles ?? []).length > 0 && paths.length === 0) throw new UserError('--parameters: give the templates to scan as paths (aiscan scan main.json --parameters main.parameters.prod.json)');
  // Loaded on use: templates, Bicep, Terraform plans and manifests are most of the CLI's code, and a scan of snapshots reads none.
  const inputs = paths.length > 0 ? await (await import('../sources/inputs/load-inputs.js')).loadInputs(paths, inputOptions(options, settings)) : undefined;
  const live = options.live && hasLiveScope(options.live);
  const snapshots =
    options.snapshots.length > 0 || (inputs && !live) ? [...options.snapshots, ...(inputs?.estateFiles ?? [])] : [...(await collectForScan(options, settings, io)), ...(inputs?.estateFiles ?? [])];
  if (inputs && inputs.deployments.length === 0 && snapshots.length === 0) throw new UserError(`scan: nothing to scan in ${paths.join(', ')}: ${nothingFound(inputs.summary)}`);
  let result;
  try {
    result = scan({
      ...scanOptionsFromSettings(settings),
      snapshots,
      baseline,
      ...(inputs ? { deployments: inputs.deployments, inputs: inputs.summary } : {}),
    });
  } catch (error) {
    throw (isUserError(error) && (await notAnEstate(options.snapshots))) || error;
  }
  if (inputs) result.warnings.push(...inputs.warnings);
  // The estate, its facts and everything scan() read are garbage now; the reports make their own.
  collectIfLarge();
  const written = writeReportFiles(result, settings.formats, settings.out, { category: settings.category, sarifFor: settings.sarifFor });
  if (!options.quiet) io.stdout(renderTerminal(result, written.files, { ...(written.githubSarif ? { githubSarif: written.githubSarif } : {}) }));
  return result.exitCode;
}

/**
 * yargs gives every value after --snapshot to it, up to the next option: `--snapshot estate.json
 * main.bicep` reads the Bicep file as an estate, and fails on it. When reading failed and a
 * snapshot is in fact a template, a plan or a manifest, that is what to say.
 */
async function notAnEstate(snapshots: readonly string[]): Promise<UserError | undefined> {
  // Loaded on this error only, as inputs are: recognising them takes the template and manifest readers.
  const { recogniseInput, INPUT_KIND_NAMES } = await import('../sources/inputs/input-kind.js');
  for (const file of snapshots) {
    if (file === STANDARD_INPUT) continue;
    let kind;
    try {
      kind = recogniseInput(file).kind;
    } catch {
      continue; // unreadable: the reader's own error says so
    }
    if (kind === undefined || kind === 'estate') continue;
    const name = INPUT_KIND_NAMES[kind];
    return new UserError(
      `--snapshot ${file}: this is ${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}, not an estate file; give it as a path (aiscan scan ${file} …). Each value after --snapshot, up to the next option, is read as an estate file`,
    );
  }
  return undefined;
}

/**
 * A live scan reads Azure into a snapshot beside the reports, then scans that file like any
 * other: every SARIF result points into the snapshot, the evidence of what was read.
 */
async function collectForScan(options: ScanCommandOptions, settings: ScanSettings, io: CliIO): Promise<string[]> {
  if (!options.live) throw new UserError('scan: nothing to scan; give files or folders (aiscan scan infra/), an estate file with --snapshot FILE, or a live scope');
  // Loaded on use: the Azure SDKs are a third of the modules and only live scans need them.
  const { collectLive, liveScopeOf, SNAPSHOT_FILE_NAME } = await import('./collect.js');
  const scope = await liveScopeOf(options.live, io, options.quiet, 'scan');
  // A malformed rule fails now, not after a collection that may take minutes.
  loadRules({ directories: settings.ruleFolders, builtin: settings.builtinRules, parameters: settings.parameters, configFile: settings.configFile });
  const file = options.live.snapshotOut ?? join(settings.out, SNAPSHOT_FILE_NAME);
  await collectLive(options.live, scope, file, io, options.quiet, true, options.cluster);
  return [file];
}
