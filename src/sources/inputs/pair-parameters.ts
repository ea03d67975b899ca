import { existsSync, lstatSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { UserError } from '../../errors.js';
import { maskControlCharactersInStrings, unmaskControlCharacters } from '../../json/read-json.js';
import { readDeploymentText } from '../arm-template/deployment-text.js';
import type { InputFile, SkippedInput } from './find-inputs.js';
import { repositoryRoot } from './repository-root.js';

/** One evaluation of a template: with one parameter file, or with its defaults alone. */
export interface TemplateRun {
  template: string;
  parameters?: string;
}

export interface PairedTemplates {
  runs: TemplateRun[];
  /** Parameter files found in a walk whose template is not known: listed, never silently dropped. */
  skipped: SkippedInput[];
}

/** `main.parameters.json`, `main.parameters.dev.json` → `main.json` (the convention of az, the Quickstart Templates and Visual Studio). */
const PARAMETERS_NAME = /^(.+)\.parameters(?:\.[^.]+)?\.json$/i;

/** The templates a parameter file's name points to, in the order they are taken: `main.json`, then `main.bicep`, beside it. */
export function templatesNamedBy(file: string): string[] {
  const match = PARAMETERS_NAME.exec(basename(file));
  return match ? ['.json', '.bicep'].map((extension) => join(dirname(file), `${match[1]}${extension}`)) : [];
}

/**
 * Which parameter files go with which template, an ARM template or a Bicep file (`az deployment
 * group create -f main.bicep -p main.parameters.json`). A parameter file names its template by
 * `metadata.template` (relative to itself), else by its name (`main.parameters.dev.json` is for
 * `main.json`, else `main.bicep`, beside it), else it goes with the only template in its folder;
 * `--parameters FILE` given explicitly goes with the one template scanned when nothing else tells.
 * A template with several parameter files is evaluated once per file, one with none once with its
 * defaults; a parameter file's template is read even when only the parameter file was given.
 */
export function pairParameters(inputs: readonly InputFile[], explicitParameters: readonly string[] = []): PairedTemplates {
  const templates = inputs.filter((input) => input.kind === 'arm-template' || input.kind === 'bicep').map((input) => input.file);
  const byTemplate = new Map<string, { template: string; parameters: string[] }>();
  const add = (template: string) => {
    const key = resolve(template);
    let entry = byTemplate.get(key);
    if (!entry) byTemplate.set(key, (entry = { template, parameters: [] }));
    return entry;
  };
  for (const template of templates) add(template);

  const skipped: SkippedInput[] = [];
  const walked = inputs.filter((input) => input.kind === 'arm-parameters').map((input) => ({ file: input.file, explicit: false }));
  const named = explicitParameters.map((file) => ({ file, explicit: true }));
  const seen = new Set<string>();
  for (const { file, explicit } of [...named, ...walked]) {
    if (seen.has(resolve(file))) continue;
    seen.add(resolve(file));
    const found = templateOf(file, templates);
    const beside = 'refused' in found ? undefined : onlyTemplateBeside(file, templates);
    const template = 'template' in found ? found.template : (beside ?? (explicit && templates.length === 1 ? templates[0] : undefined));
    if (template !== undefined) {
      add(template).parameters.push(file);
      continue;
    }
    const reason = 'reason' in found ? found.reason : '';
    if (explicit) throw new UserError(`--parameters ${file}: ${reason}${templates.length > 1 ? ` (${templates.length} templates are scanned, so it cannot go with all of them)` : ''}`);
    skipped.push({ file, reason });
  }

  const runs = [...byTemplate.values()].flatMap(({ template, parameters }) =>
    parameters.length === 0 ? [{ template }] : parameters.sort().map((parameterFile) => ({ template, parameters: parameterFile })),
  );
  return { runs, skipped };
}

/** A parameter file in a folder with exactly one template (deploy.json and parameters.json, say) goes with it. */
function onlyTemplateBeside(file: string, templates: readonly string[]): string | undefined {
  const beside = templates.filter((template) => resolve(dirname(template)) === resolve(dirname(file)));
  return beside.length === 1 ? beside[0] : undefined;
}

/**
 * The template a parameter file names (metadata.template), or its name implies and that exists,
 * or why there is none. metadata.template is the VS Code tools' link and often goes stale when
 * files move: one that names no file falls back to the name.
 */
function templateOf(file: string, templates: readonly string[]): { template: string } | { reason: string; refused?: true } {
  const named = metadataTemplate(file);
  let stale: string | undefined;
  if (named !== undefined) {
    const template = join(dirname(file), named);
    // The parameter file comes with the pull request: it may not send aiscan to read a file outside the repository (or the working folder).
    const boundary = repositoryRoot(file) ?? process.cwd();
    const inside = relative(boundary, resolve(template));
    if (inside.startsWith('..') || isAbsolute(inside)) {
      return { reason: `its metadata.template (${named}) is outside ${boundary}; a parameter file can only name a template in its repository`, refused: true };
    }
    if (existsSync(template) && lstatSync(template).isFile()) return { template };
    stale = named;
  }
  // main.json beside main.bicep may be its compiled twin, which is not scanned on its own: the .bicep file is.
  const candidates = templatesNamedBy(file);
  const scanned = new Set(templates.map((template) => resolve(template)));
  const template = candidates.find((candidate) => scanned.has(resolve(candidate))) ?? candidates.find((candidate) => existsSync(candidate));
  if (template !== undefined) return { template };
  return {
    reason:
      (stale !== undefined ? `its metadata.template (${stale}) is not a file beside it, and ` : '') +
      'no template found for it: set "metadata": {"template": "<template file>"} in it, or name it <template>.parameters.json beside its template (main.json or main.bicep)',
  };
}

function metadataTemplate(file: string): string | undefined {
  const errors: ParseError[] = [];
  const text = readDeploymentText(file, 'a parameter file').json;
  const document = parse(maskControlCharactersInStrings(text) ?? text, errors, { allowTrailingComma: true }) as { metadata?: { template?: unknown } } | undefined;
  // A malformed parameter file is reported when it is read for its values; here it only names no template.
  const template = errors.length === 0 ? unmaskControlCharacters(document?.metadata?.template) : undefined;
  return typeof template === 'string' && template !== '' ? template : undefined;
}
