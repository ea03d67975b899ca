import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { visit } from 'jsonc-parser';
import { lenientText, lineAndColumn, maskControlCharactersInStrings, parseErrorText } from '../../json/read-json.js';
import { templateScopeOf } from '../arm-template/deployment-scope.js';
import { readAsDeployed, readsAsJson, refusedReading } from '../arm-template/deployment-text.js';
import { isRecord } from '../../json/is-record.js';
import { jsonNetAsJson } from '../../json/json-net.js';
import { hasComments, pipelinesTaskValue } from '../../json/pipelines-task-json.js';
import { pythonLiteralAsJson } from '../../json/python-literal.js';
import { isKustomization, kustomizationNaming, patchNotScanned } from '../kubernetes/kustomize-patches.js';
import { looksLikeHelmTemplate } from '../kubernetes/helm-templates.js';
import { isItemsKey, looksLikeKubernetes, readManifests } from '../kubernetes/read-manifests.js';
import { templatesNamedBy } from './pair-parameters.js';

/** What a file given to `aiscan scan` is, recognised by its content (Bicep by its extension). */
export type InputKind = 'estate' | 'arm-template' | 'arm-parameters' | 'bicep' | 'bicep-parameters' | 'terraform-plan' | 'terraform-source' | 'kubernetes-manifest';

export const INPUT_KIND_NAMES: Record<InputKind, string> = {
  estate: 'estate file',
  'arm-template': 'ARM template',
  'arm-parameters': 'ARM parameter file',
  bicep: 'Bicep file',
  'bicep-parameters': 'Bicep parameter file',
  'terraform-plan': 'Terraform plan',
  'terraform-source': 'Terraform file',
  'kubernetes-manifest': 'Kubernetes manifest',
};

/** Templates and parameter files put `$schema` first; this much of a file is enough to tell any kind. */
const HEAD_BYTES = 64 * 1024;

const PARAMETERS_SCHEMA = /\/(?:subscription)?deploymentParameters\.json#?$/i;

export type Recognised = { kind: InputKind } | { kind?: undefined; reason: string };

/**
 * The kind of a file, from its extension (Bicep) or the top of its JSON: `$schema` names a
 * deployment template or parameter file; `format`, `value` or `data`, or a top-level array, is an
 * estate file. Only the first 64 KiB is read: an estate file can be gigabytes, and its full read
 * (with its own validation and errors) comes later. A file that is not JSON is read as az (a
 * Python literal) and Azure PowerShell (JSON.NET) read it; `main.parameters.json` beside the
 * template `main.json` (or `main.bicep`) is its parameter file, as az takes it, with or without
 * `$schema`.
 */
export function recogniseInput(file: string): Recognised {
  const extension = extname(file).toLowerCase();
  if (extension === '.bicep') return { kind: 'bicep' };
  if (extension === '.bicepparam') return { kind: 'bicep-parameters' };
  // Read for where a plan's findings go, not scanned itself: the plan says what would be deployed.
  if (extension === '.tf') return { kind: 'terraform-source' };
  const { text, whole } = readHead(file);
  if (extension === '.yaml' || extension === '.yml') return recogniseYaml(file, text, whole);
  const first = firstSignificant(text);
  if (first === '[') return { kind: 'estate' };
  // A Python literal (see below) may open with a parenthesis, or after # comments. A parameter file
  // named for the template beside it is one whatever it holds: if it cannot be read, the scan stops
  // rather than leave the template to its defaults.
  const opening = first === '{' || first === '(' ? first : firstSignificant(text, true);
  if (opening !== '{' && opening !== '(') return namesItsTemplate(file) ? { kind: 'arm-parameters' } : { reason: 'not JSON' };
  const top = topLevel(text);
  if (top.syntaxError !== undefined) {
    // Not JSON: what it is, is what az and Azure PowerShell read it as, not what its first JSON
    // says; a parameter file named for its template is read (or refused) as one when it is loaded.
    if (namesItsTemplate(file)) return { kind: 'arm-parameters' };
    const read = notJsonTopLevel(file, text, whole);
    const kind = read && kindOfTopLevel(file, read, true);
    if (kind !== undefined) return kind;
  }
  const known = kindOfTopLevel(file, top, whole);
  // A template or parameter file that a tool reads apart is refused when it is loaded; what JSON
  // does not show as one may be one as a tool reads its comments (a second $schema in one).
  const deploymentKind = known?.kind === 'arm-template' || known?.kind === 'arm-parameters';
  if (top.syntaxError === undefined && whole && !deploymentKind && hasComments(text)) refuseIfReadApart(file, text);
  if (known !== undefined) return known;
  // A large file whose first 64 KiB name nothing may still say what it is further on: the estate
  // reader reads it whole and says what is wrong with it.
  if (!whole) return { kind: 'estate' };
  if (top.syntaxError) return { reason: `not valid JSON (${top.syntaxError})` };
  return { reason: 'JSON that is not an estate file, ARM template or parameter file' };
}

/** The kind a file's top-level keys tell, if they tell one. */
function kindOfTopLevel(file: string, top: TopLevel, whole: boolean): Recognised | undefined {
  if (typeof top.schema === 'string' && templateScopeOf(top.schema) !== undefined) return { kind: 'arm-template' };
  if (typeof top.schema === 'string' && PARAMETERS_SCHEMA.test(top.schema)) return { kind: 'arm-parameters' };
  // az needs no $schema in a parameter file, nor "parameters" around its values.
  if (namesItsTemplate(file)) return { kind: 'arm-parameters' };
  if (top.keys.has('format_version') && top.keys.has('terraform_version')) {
    // `terraform show -json` of a plan; of a state file it has `values` instead, and nothing to plan.
    if (top.keys.has('planned_values') || top.keys.has('resource_changes') || !whole) return { kind: 'terraform-plan' };
    return { reason: 'Terraform JSON that is no plan (a state, say): scan the output of terraform show -json of a saved plan' };
  }
  // Before the estate check: a ConfigMap or Secret has `data` too.
  if (typeof top.kind === 'string' && (typeof top.apiVersion === 'string' || [...top.keys].some(isItemsKey))) return { kind: 'kubernetes-manifest' };
  if (top.keys.has('format') || top.keys.has('value') || top.keys.has('data')) return { kind: 'estate' };
  return undefined;
}

/** `main.parameters.json` (or `main.parameters.dev.json`) beside the template `main.json`, or `main.bicep`. */
function namesItsTemplate(file: string): boolean {
  const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
  return templatesNamedBy(file).some((template) => isFile(template) && (extname(template) === '.bicep' || recogniseInput(template).kind === 'arm-template'));
}

/** Templates and parameter files are at most 4 MB (ARM's limit): 8 MB as UTF-16. */
const DEPLOYMENT_FILE_BYTES = 8 << 20;

/**
 * The top level of a file that is not JSON as the deploying tools read it (deployment-text.ts), or
 * undefined when it is JSON after all, or none reads it. What aiscan does not read of such a file
 * stops the scan, in a `.json` file or in any file that, as far as can be told, is a template or
 * parameter file: a Markdown file opening with `# Title` and a line in braces is passed over.
 */
function notJsonTopLevel(file: string, head: string, whole: boolean): TopLevel | undefined {
  if (!whole && statSync(file).size > DEPLOYMENT_FILE_BYTES) return undefined;
  const text = whole ? head : lenientText(readFileSync(file));
  if (readsAsJson(text)) return undefined;
  const reading = readAsDeployed(text);
  if ('says' in reading) {
    if (extname(file).toLowerCase() === '.json' || mayBeDeployed(text)) throw refusedReading(text, reading, file, 'a file');
    return undefined;
  }
  return reading.rewritten ? topLevel(reading.json) : undefined;
}

/** Stops the scan on a JSON file with comments that a deploying tool reads as other values, and as a template or parameter file. */
function refuseIfReadApart(file: string, text: string): void {
  const reading = readAsDeployed(text);
  if ('says' in reading && mayBeDeployed(text)) throw refusedReading(text, reading, file, 'a file');
}

/**
 * Whether a file aiscan refuses is a template or parameter file when what it refuses is passed
 * over: `#` comments read as Python reads them, values JSON.NET gives no JSON for read as null, or
 * as the Azure Pipelines task reads it (or when that cannot be told).
 */
function mayBeDeployed(text: string): boolean {
  const namesDeploymentSchema = (schema: unknown) => typeof schema === 'string' && (templateScopeOf(schema) !== undefined || PARAMETERS_SCHEMA.test(schema));
  const task = pipelinesTaskValue(text)?.value;
  if (isRecord(task) && namesDeploymentSchema(task.$schema)) return true;
  return [pythonLiteralAsJson(text, { hashComments: true }), jsonNetAsJson(text, { lenient: true })].some((lenient) => ('json' in lenient ? namesDeploymentSchema(topLevel(lenient.json).schema) : lenient.refused));
}

/**
 * A YAML file is a manifest when a document of it is a Kubernetes object. A Helm chart's templates
 * are Go templates, not YAML: what `helm template` renders from them is scanned instead.
 */
function recogniseYaml(file: string, text: string, whole: boolean): Recognised {
  if (isKustomization(file)) return { reason: 'a kustomize configuration: scan what kustomize build renders from it' };
  // Only a fragment is left out: `kubectl apply -f FOLDER` applies a whole object whatever the kustomization calls it.
  const kustomization = kustomizationNaming(file);
  const notScanned = kustomization === undefined ? undefined : patchNotScanned(file);
  if (notScanned !== undefined) return { reason: `a kustomize patch (${kustomization} names it), not a whole object: ${notScanned}; scan what kustomize build renders` };
  // A template action on a line of its own (`{{- if .Values.gpu }}`), or in a chart's templates/. A
  // Chart.yaml put beside a folder of manifests hides none of them, and a template is skipped only
  // when kubectl would apply nothing of it either: the documents before its first one that is not
  // YAML are what `kubectl apply -f` applies (see helm-templates.ts).
  if (looksLikeHelmTemplate(file, text) && !templateAppliesSomething(file)) {
    return { reason: 'a Helm chart template, not YAML: scan what helm template renders from it' };
  }
  if (looksLikeKubernetes(text)) return { kind: 'kubernetes-manifest' };
  // The first object may come after 64 KiB of comments or of another document, and kubectl applies
  // it there: the whole file is looked at before it is called no manifest (looksLikeKubernetes
  // stops at the first object).
  if (!whole && looksLikeKubernetes(lenientText(readFileSync(file)))) return { kind: 'kubernetes-manifest' };
  return { reason: 'YAML that is not a Kubernetes manifest (no document with apiVersion and kind)' };
}

/** Whether a template's documents before its first that is not YAML hold a Kubernetes object; a file whose reading fails otherwise is read, so that the scan says why. */
function templateAppliesSomething(file: string): boolean {
  try {
    return readManifests(lenientText(readFileSync(file)), file, { template: true }).objects.length > 0;
  } catch {
    return true;
  }
}

/**
 * The first character that is not a byte order mark, white space or a comment (templates may start
 * with one). White space is JSON.NET's (any Unicode white space, and NUL), unless `python`: then
 * it is white space as jsmin sees it, and `#` comments and line continuations too, which a Python
 * literal may open with.
 */
function firstSignificant(text: string, python = false): string | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineEnd = () => (text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) + 1);
  while (i < text.length) {
    if (python ? text.charCodeAt(i) <= 0x20 : /[\s\0\x85]/.test(text[i])) i++;
    else if (text.startsWith('//', i) || (python && text[i] === '#')) i = lineEnd();
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else if (python && /^\\\r?\n/.test(text.slice(i, i + 3))) i += text[i + 1] === '\r' ? 3 : 2;
    else return text[i];
  }
  return undefined;
}

function readHead(file: string): { text: string; whole: boolean } {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES + 1);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return { text: lenientText(buffer.subarray(0, Math.min(length, HEAD_BYTES))), whole: length <= HEAD_BYTES };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The top-level keys of a JSON object read so far, and the values of `$schema`, `apiVersion` and
 * `kind` when they are literals; where the text first stops being JSON, as `line:column: what`.
 * Comments are allowed, as in templates.
 */
function topLevel(text: string): TopLevel {
  const read = topLevelOf(text, text);
  if (read.syntaxError === undefined) return read;
  // A string written over several lines is a template's, as ARM and az read it: masked (offsets kept), it does not end the reading.
  const masked = maskControlCharactersInStrings(text);
  return masked === undefined ? read : topLevelOf(masked, text);
}

interface TopLevel {
  keys: Set<string>;
  schema?: unknown;
  apiVersion?: unknown;
  kind?: unknown;
  syntaxError?: string;
}

/** topLevel of `source`, whose errors are placed in `text` (the same offsets). */
function topLevelOf(source: string, text: string): TopLevel {
  const keys = new Set<string>();
  const literals = new Map<string, unknown>();
  let depth = 0;
  let pending: string | undefined;
  let syntaxError: string | undefined;
  visit(
    source,
    {
      onObjectBegin: () => void depth++,
      onObjectEnd: () => void depth--,
      onArrayBegin: () => void depth++,
      onArrayEnd: () => void depth--,
      onObjectProperty: (name) => {
        if (depth !== 1) return;
        keys.add(name);
        pending = name;
      },
      onLiteralValue: (value) => {
        if (depth === 1 && pending !== undefined) literals.set(pending, value);
        pending = undefined;
      },
      onError: (error, offset) => {
        if (syntaxError !== undefined) return;
        const { line, column } = lineAndColumn(text, offset);
        syntaxError = `${line}:${column}: ${parseErrorText(error)}`;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { keys, schema: literals.get('$schema'), apiVersion: literals.get('apiVersion'), kind: literals.get('kind'), syntaxError };
}
