/**
 * docs/templates.md states facts that live in the code: the template functions aiscan evaluates,
 * the placeholders that stand in for the deployment's scope, the oldest Bicep CLI it compiles
 * with. These tests fail when the page and the code part ways; a failing list shows the block to
 * paste.
 */
import { readFileSync } from 'node:fs';
import { ARRAY_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/array.js';
import { CIDR_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/cidr.js';
import { COMPARISON_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/comparison.js';
import { DATE_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/date.js';
import { DEPLOYMENT_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/deployment.js';
import type { FunctionDefinition } from '../../src/sources/arm-template/expressions/functions/function.js';
import { LAMBDA_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/lambda.js';
import { findFunction, FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/library.js';
import { LOGICAL_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/logical.js';
import { NUMERIC_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/numeric.js';
import { OBJECT_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/object.js';
import { RESOURCE_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/resource.js';
import { SCOPE_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/scope.js';
import { STRING_FUNCTIONS } from '../../src/sources/arm-template/expressions/functions/string.js';
import { PLACEHOLDERS } from '../../src/sources/arm-template/deployment-scope.js';
import { MIN_BICEP_VERSION } from '../../src/sources/bicep/bicep-version.js';
import { DEFAULT_BICEP_TIMEOUT_MS } from '../../src/sources/bicep/compile-bicep.js';
import { BICEP_PATH_VARIABLE } from '../../src/sources/bicep/find-bicep.js';

const DOC = 'docs/templates.md';
const doc = readFileSync(DOC, 'utf8');

/** The lines between `<!-- name:start -->` and `<!-- name:end -->`. */
function block(name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (!match) throw new Error(`${DOC} has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
  return match[1];
}

/** The groups of ARM's function reference (template-functions-*.md), as the library files keep them. */
const GROUPS: [string, readonly FunctionDefinition[]][] = [
  ['Array', ARRAY_FUNCTIONS],
  ['CIDR', CIDR_FUNCTIONS],
  ['Comparison', COMPARISON_FUNCTIONS],
  ['Date', DATE_FUNCTIONS],
  ['Deployment', DEPLOYMENT_FUNCTIONS],
  ['Lambda', LAMBDA_FUNCTIONS],
  ['Logical', LOGICAL_FUNCTIONS],
  ['Numeric', NUMERIC_FUNCTIONS],
  ['Object', OBJECT_FUNCTIONS],
  ['Resource', RESOURCE_FUNCTIONS],
  ['Scope', SCOPE_FUNCTIONS],
  ['String', STRING_FUNCTIONS],
];

/** The list as the page has it, generated from the registered functions. */
function functionsBlock(): string {
  return GROUPS.map(([group, definitions]) => `| ${group} | ${definitions.map((definition) => `\`${definition.name}\``).join(', ')} |\n`).join('');
}

/**
 * The functions PSRule for Azure registers (github.com/Azure/PSRule.Rules.Azure,
 * src/PSRule.Rules.Azure/Data/Template/Functions.cs at commit 0b99cc6e253cf8aa7ee8bb211ce8a1b523eed47a,
 * the `Common` descriptors), the list the page compares aiscan with. Its `list` stands for every
 * list* function; `lambda` and `lambdaVariables` are syntax aiscan's evaluator reads itself.
 */
const PSRULE = (
  'array concat contains createArray createObject empty first flatten intersection items last length min max range skip take tryGet union ' +
  'coalesce equals greater greaterOrEquals less lessOrEquals dateTimeAdd dateTimeFromEpoch dateTimeToEpoch utcNow ' +
  'deployment environment parameters variables and bool false if not or true add copyIndex div float int mod mul sub json null ' +
  'extensionResourceId list pickZones providers reference resourceId subscriptionResourceId tenantResourceId managementGroupResourceId ' +
  'resourceGroup subscription tenant managementGroup base64 base64ToJson base64ToString dataUri dataUriToString endsWith format guid ' +
  'indexOf join lastIndexOf newGuid padLeft replace split startsWith string substring toLower toUpper trim uniqueString uri uriComponent ' +
  'uriComponentToString filter map reduce sort toObject lambda lambdaVariables parseCidr cidrSubnet cidrHost'
).split(' ');
const SYNTAX = ['lambda', 'lambdaVariables'];

describe('docs/templates.md', () => {
  it('lists exactly the template functions aiscan registers, by ARM group', () => {
    // Every registered function is in one group, so a group added to the library without the page fails here.
    expect(GROUPS.flatMap(([, definitions]) => definitions.map((definition) => definition.name)).sort()).toEqual(FUNCTIONS.map((definition) => definition.name).sort());
    expect(block('functions')).toBe(`| group | functions |\n| --- | --- |\n${functionsBlock()}`);
  });

  it('names as unsupported only functions aiscan does not register, each with why', () => {
    const rows = block('unsupported-functions')
      .split('\n')
      .filter((line) => /^\| `/.test(line));
    for (const row of rows) {
      const [, name, why] = /^\| `(\w+)\(\)` \| (.+) \|$/.exec(row) ?? [];
      expect([row, name !== undefined && why !== undefined && why.trim().length > 20]).toEqual([row, true]);
      expect([name, findFunction(name)]).toEqual([name, undefined]);
    }
  });

  it('is right that aiscan evaluates every function PSRule for Azure registers', () => {
    const missing = PSRULE.filter((name) => !SYNTAX.includes(name) && findFunction(name) === undefined && !(name === 'list' && findFunction('listKeys')));
    expect(missing).toEqual([]);
    const beyond = FUNCTIONS.map((definition) => definition.name).filter((name) => !PSRULE.some((other) => other.toLowerCase() === name.toLowerCase()));
    for (const name of beyond) expect(block('beyond-psrule')).toContain(`\`${name}\``);
    expect(block('beyond-psrule').match(/`\w+`/g)?.length).toBe(beyond.length);
  });

  it('gives the placeholders the code uses', () => {
    for (const [key, value] of Object.entries(PLACEHOLDERS)) expect(block('placeholders')).toMatch(new RegExp(`\\| ${key} \\| \`${value}\` \\|`));
  });

  it('gives the oldest Bicep CLI, the time-out and the variable the code uses', () => {
    expect(doc).toContain(`Bicep CLI ${MIN_BICEP_VERSION} or later`);
    expect(doc).toContain(`${DEFAULT_BICEP_TIMEOUT_MS / 1000} seconds`);
    expect(doc).toContain(`\`${BICEP_PATH_VARIABLE}\``);
  });
});

describe('README.md', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('links the templates page and gives the Bicep CLI versions aiscan compiles with', () => {
    expect(readme).toContain('(docs/templates.md)');
    expect(readme).toContain(`Bicep CLI ${MIN_BICEP_VERSION} or later`);
  });

  it('keeps the quick start to two commands', () => {
    const quickStart = /## Quick start\n\n```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(quickStart.trim().split('\n')).toEqual(['npm ci && npm start', 'npm test']);
  });
});
