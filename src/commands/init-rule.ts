import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { loadRules } from '../engine/load-rules.js';
import { UserError } from '../errors.js';
import { AGENT_POOL_TYPE } from '../facts/resource-types.js';
import { writeFilesAtomically } from '../files/write-atomic.js';
import { typeKey } from '../ids.js';

export const RULE_SCHEMA_URL = 'https://raw.githubusercontent.com/aiscan/aiscan/main/rules/rule.schema.json';
export const RULE_TEST_SCHEMA_URL = 'https://raw.githubusercontent.com/aiscan/aiscan/main/schemas/rule-test.schema.json';

// As rules/rule.schema.json spells them.
const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const RESOURCE_TYPE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+(\/[A-Za-z0-9]+)+$/;
const AREA = /^[a-z0-9][a-z0-9-]*$/;

export interface InitRuleOptions {
  id: string;
  type: string;
  area: string;
  dir: string;
  force: boolean;
  quiet: boolean;
}

/**
 * Writes DIR/AREA/ID.json and ID.test.json: a small working rule for the type (production
 * resources name their owner in a tag) and a passing, a failing and a not-applicable case, so that
 * `rules validate` and `rules test` pass before the user changes a line. Never overwrites without --force.
 */
export function initRuleCommand(options: InitRuleOptions, io: CliIO): number {
  const { id, type, area } = options;
  if (!RULE_ID.test(id)) throw new UserError(`init: --rule ${JSON.stringify(id)}: a rule id is upper-case words joined by dashes, such as ACME-VM-001`);
  if (!RESOURCE_TYPE.test(type)) throw new UserError(`init: --type ${JSON.stringify(type)}: not an ARM resource type; write it as the REST API does, such as Microsoft.Compute/virtualMachines`);
  if (!AREA.test(area)) throw new UserError(`init: --area ${JSON.stringify(area)}: an area is a folder name of lower-case letters, digits and dashes, such as ml-security`);
  if (area === 'conditions') throw new UserError('init: --area conditions: that folder holds named conditions, not rules; choose another area');
  const builtin = loadRules().find((rule) => rule.id === id);
  if (builtin) throw new UserError(`init: --rule ${id}: a built-in rule has that id; give yours a prefix of your own, such as ACME-${id.split('-').slice(1).join('-')}`);

  const ruleFile = join(options.dir, area, `${id}.json`);
  const testFile = join(options.dir, area, `${id}.test.json`);
  const existing = [ruleFile, testFile].filter((file) => existsSync(file));
  if (existing.length > 0 && !options.force) {
    throw new UserError(`init: ${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; edit ${existing.length === 1 ? 'it' : 'them'}, or run with --force to replace both`);
  }
  writeFilesAtomically(
    new Map([
      [ruleFile, JSON.stringify(starterRule(id, type), null, 2) + '\n'],
      [testFile, JSON.stringify(starterTests(type), null, 2) + '\n'],
    ]),
  );
  if (!options.quiet) {
    io.stdout(
      `Wrote ${ruleFile} and ${testFile}.\n` +
        `Change what the rule checks and its cases (docs/rule-tests.md), then run:\n` +
        `  aiscan rules validate ${options.dir}\n  aiscan rules test ${options.dir}\n  aiscan scan --rules ${options.dir} --snapshot <estate.json>\n`,
    );
  }
  return 0;
}

const OWNER = 'owner';

function starterRule(id: string, type: string): object {
  const kind = type.split('/').pop()!;
  return {
    $schema: RULE_SCHEMA_URL,
    id,
    name: id
      .split('-')
      .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
      .join(''),
    title: `Production ${kind} name their owner in a tag`.slice(0, 120),
    severity: 'medium',
    resourceTypes: [type],
    parameters: {
      ownerTag: { description: 'The tag that names the team that answers for the resource.', default: OWNER, schema: { type: 'string', minLength: 1 } },
    },
    when: { fields: { 'tags.environment': { const: 'production' } } },
    assert: { fields: { tags: { required: [{ $param: 'ownerTag' }] } } },
    message: '{name} is tagged environment=production but has no {parameters.ownerTag} tag.',
    description: `Every ${type} tagged environment=production names its owner in a tag. (A starter written by aiscan init --rule: replace it with what your rule checks.)`,
    rationale: 'A production resource nobody answers for is patched, reviewed and paid for by nobody.',
    remediation: 'Add an owner tag naming the team that answers for the resource.',
  };
}

function starterTests(type: string): object {
  const target = (name: string) => resourceId(type, name);
  return {
    $schema: RULE_TEST_SCHEMA_URL,
    valid: [{ name: 'production resource with an owner', target: target('example-owned'), resources: [resource(type, 'example-owned', { environment: 'production', owner: 'platform-team' })] }],
    invalid: [
      {
        name: 'production resource without an owner',
        target: target('example-unowned'),
        paths: [`tags.${OWNER}`],
        message: `example-unowned is tagged environment=production but has no ${OWNER} tag.`,
        resources: [resource(type, 'example-unowned', { environment: 'production' })],
      },
    ],
    notApplicable: [{ name: 'resource outside production', target: target('example-dev'), resources: [resource(type, 'example-dev', { environment: 'dev' })] }],
  };
}

/** A resource of the type as the REST API returns one (an AKS agent pool keeps its tags in `properties`). */
function resource(type: string, name: string, tags: Record<string, string>): object {
  const base = { id: resourceId(type, name), name, type };
  return typeKey(type) === typeKey(AGENT_POOL_TYPE) ? { ...base, properties: { tags } } : { ...base, location: 'eastus', tags };
}

/** `/subscriptions/…/resourceGroups/rg-example/providers/Ns/parents/<name>-parent/…/children/<name>` */
function resourceId(type: string, name: string): string {
  const [namespace, ...segments] = type.split('/');
  const path = segments.map((segment, index) => `${segment}/${index === segments.length - 1 ? name : `${name}-parent`}`).join('/');
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-example/providers/${namespace}/${path}`;
}
