import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { visit } from 'jsonc-parser';
import { templateScopeOf } from '../arm-template/deployment-scope.js';

/** What a file given to `aiscan scan` is, recognised by its content (Bicep by its extension). */
export type InputKind = 'estate' | 'arm-template' | 'arm-parameters' | 'bicep' | 'bicep-parameters' | 'terraform-plan' | 'terraform-source';

export const INPUT_KIND_NAMES: Record<InputKind, string> = {
  estate: 'estate file',
  'arm-template': 'ARM template',
  'arm-parameters': 'ARM parameter file',
  bicep: 'Bicep file',
  'bicep-parameters': 'Bicep parameter file',
  'terraform-plan': 'Terraform plan',
  'terraform-source': 'Terraform file',
};

/** Templates and parameter files put `$schema` first; this much of a file is enough to tell any kind. */
const HEAD_BYTES = 64 * 1024;

const PARAMETERS_SCHEMA = /\/(?:subscription)?deploymentParameters\.json#?$/i;

export type Recognised = { kind: InputKind } | { kind?: undefined; reason: string };

/**
 * The kind of a file, from its extension (Bicep) or the top of its JSON: `$schema` names a
 * deployment template or parameter file; `format`, `value` or `data`, or a top-level array, is an
 * estate file. Only the first 64 KiB is read: an estate file can be gigabytes, and its full read
 * (with its own validation and errors) comes later.
 */
export function recogniseInput(file: string): Recognised {
  const extension = extname(file).toLowerCase();
  if (extension === '.bicep') return { kind: 'bicep' };
  if (extension === '.bicepparam') return { kind: 'bicep-parameters' };
  // Read for where a plan's findings go, not scanned itself: the plan says what would be deployed.
  if (extension === '.tf') return { kind: 'terraform-source' };
  const { text, whole } = readHead(file);
  const first = firstSignificant(text);
  if (first === '[') return { kind: 'estate' };
  if (first !== '{') return { reason: 'not JSON' };
  const top = topLevel(text);
  if (typeof top.schema === 'string' && templateScopeOf(top.schema) !== undefined) return { kind: 'arm-template' };
  if (typeof top.schema === 'string' && PARAMETERS_SCHEMA.test(top.schema)) return { kind: 'arm-parameters' };
  if (top.keys.has('format_version') && top.keys.has('terraform_version')) {
    // `terraform show -json` of a plan; of a state file it has `values` instead, and nothing to plan.
    if (top.keys.has('planned_values') || top.keys.has('resource_changes') || !whole) return { kind: 'terraform-plan' };
    return { reason: 'Terraform JSON that is no plan (a state, say): scan the output of terraform show -json of a saved plan' };
  }
  if (top.keys.has('format') || top.keys.has('value') || top.keys.has('data')) return { kind: 'estate' };
  // A large file whose first 64 KiB name nothing may still say what it is further on: the estate
  // reader reads it whole and says what is wrong with it.
  if (!whole) return { kind: 'estate' };
  return { reason: 'JSON that is not an estate file, ARM template or parameter file' };
}

/** The first character that is not a byte order mark, white space or a comment (templates may start with one). */
function firstSignificant(text: string): string | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) + 1;
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else return text[i];
  }
  return undefined;
}

function readHead(file: string): { text: string; whole: boolean } {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES + 1);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, Math.min(length, HEAD_BYTES)).toString('utf8'), whole: length <= HEAD_BYTES };
  } finally {
    closeSync(descriptor);
  }
}

/** The top-level keys of a JSON object read so far, and its `$schema` if that is a string. Comments are allowed, as in templates. */
function topLevel(text: string): { keys: Set<string>; schema?: unknown } {
  const keys = new Set<string>();
  let schema: unknown;
  let depth = 0;
  let pending: string | undefined;
  visit(
    text,
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
        if (depth === 1 && pending === '$schema') schema = value;
        pending = undefined;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { keys, schema };
}
