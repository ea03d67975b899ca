import type { ErrorObject } from 'ajv';
import { NIC_CONFIGURATIONS_HAND_WRITTEN, NIC_CONFIGURATIONS_PATH } from '../helpers/hand-written-schemas.js';
import { UserError } from '../../src/errors.js';
import { expandSchema } from '../../src/engine/expand-schema.js';
import { createRuleAjv, loadRules } from '../../src/engine/load-rules.js';
import { scan } from '../../src/scan.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const expand = (schema: unknown) => expandSchema(schema, { file: 'rule.json', pointer: '/assert' }).schema;

/** What ajv reports, in the order it reports it: what findings and their lines are made of. */
function failures(schema: unknown, document: unknown): Pick<ErrorObject, 'instancePath' | 'keyword' | 'params'>[] {
  const validate = createRuleAjv().compile(schema as object);
  validate(document);
  return (validate.errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }));
}

describe('a fields path', () => {
  it('is every step required, nested exactly as a hand-written schema', () => {
    expect(expand({ fields: { 'properties.aadProfile.managed': { const: true } } })).toEqual({
      required: ['properties'],
      properties: { properties: { required: ['aadProfile'], properties: { aadProfile: { required: ['managed'], properties: { managed: { const: true } } } } } },
    });
  });

  it('ending in ? is optional at every step: what is absent is not checked', () => {
    expect(expand({ fields: { 'properties.aadProfile.managed?': { const: true } } })).toEqual({
      properties: { properties: { properties: { aadProfile: { properties: { managed: { const: true } } } } } },
    });
  });

  it('reads [*] as every element of the array there', () => {
    expect(expand({ fields: { 'properties.ipConfigurations[*].properties.primary': { type: 'boolean' } } })).toEqual({
      required: ['properties'],
      properties: {
        properties: {
          required: ['ipConfigurations'],
          properties: {
            ipConfigurations: { type: 'array', items: { required: ['properties'], properties: { properties: { required: ['primary'], properties: { primary: { type: 'boolean' } } } } } },
          },
        },
      },
    });
    expect(expand({ fields: { 'matrix[*][*]': { type: 'number' } } })).toEqual({
      required: ['matrix'],
      properties: { matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } } },
    });
  });

  it('takes a name with dots, brackets or ? quoted, as findings print it', () => {
    expect(expand({ fields: { 'tags["kubernetes.io/os"]': { const: 'linux' }, '["odd?"].x?': true } })).toEqual({
      required: ['tags'],
      properties: { tags: { required: ['kubernetes.io/os'], properties: { 'kubernetes.io/os': { const: 'linux' } } }, 'odd?': { properties: { x: true } } },
    });
  });

  it('merges paths that share steps into one schema; a step is required when any path through it is', () => {
    expect(
      expand({
        fields: {
          'facts.quota.isGpuFamily': { const: true },
          'facts.quota.limit?': { exclusiveMinimum: 0 },
          'facts.quota': { type: 'object' },
        },
      }),
    ).toEqual({
      required: ['facts'],
      properties: {
        facts: {
          required: ['quota'],
          properties: { quota: { required: ['isGpuFamily'], properties: { isGpuFamily: { const: true }, limit: { exclusiveMinimum: 0 } }, type: 'object' } },
        },
      },
    });
  });

  it('leaves everything else of the schema it is in as it was, and applies both where they name the same property', () => {
    const expanded = expand({
      type: 'object',
      required: ['name'],
      properties: { properties: { required: ['mode'], properties: { mode: { enum: ['x', 'y'] } } } },
      fields: { 'properties.mode': { enum: ['y', 'z'], type: 'string' }, 'properties.size?': { minimum: 1 } },
    });
    expect(expanded).toEqual({
      type: 'object',
      required: ['name', 'properties'],
      properties: {
        properties: { required: ['mode'], properties: { mode: { enum: ['x', 'y'], type: 'string', allOf: [{ enum: ['y', 'z'] }] }, size: { minimum: 1 } } },
      },
    });
    expect(failures(expanded, { name: 'n', properties: { mode: 'y', size: 1 } })).toEqual([]);
    expect(failures(expanded, { name: 'n', properties: { mode: 'x', size: 0 } }).map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/properties/mode', 'enum'],
      ['/properties/size', 'minimum'],
    ]);
    expect(failures(expanded, { name: 'n', properties: { mode: 'z' } }).map((e) => [e.instancePath, e.keyword])).toEqual([['/properties/mode', 'enum']]);
  });

  it('works wherever a schema may stand: inside anyOf, not, items and another fields value', () => {
    const expanded = expand({
      anyOf: [{ fields: { 'a.b': { const: 1 } } }, { not: { fields: { 'c?': { const: 2 } } } }],
      items: { fields: { d: {} } },
      fields: { e: { fields: { 'f.g': { const: 3 } } } },
    });
    expect(expanded).toEqual({
      anyOf: [{ required: ['a'], properties: { a: { required: ['b'], properties: { b: { const: 1 } } } } }, { not: { properties: { c: { const: 2 } } } }],
      items: { required: ['d'], properties: { d: {} } },
      required: ['e'],
      properties: { e: { required: ['f'], properties: { f: { required: ['g'], properties: { g: { const: 3 } } } } } },
    });
  });

  it('does not look inside values that are data, not schemas', () => {
    const schema = { const: { fields: { 'a.b': 1 } }, enum: [{ condition: 'x' }], properties: { fields: { const: 1 } } };
    expect(expand(schema)).toEqual(schema);
  });

  it('leaves a $param in place for the rule to fill in', () => {
    expect(expand({ fields: { maxCount: { maximum: { $param: 'max' } } } })).toEqual({ required: ['maxCount'], properties: { maxCount: { maximum: { $param: 'max' } } } });
  });
});

describe('false: the property must be absent', () => {
  const schema = expand({ fields: { 'properties.ipConfigurations[*].properties.publicIPAddress?': false } });

  it.each([
    ['no ipConfigurations', { properties: {} }],
    ['no properties at all', {}],
    ['an empty array', { properties: { ipConfigurations: [] } }],
    ['an IP configuration without a public IP', { properties: { ipConfigurations: [{ properties: {} }] } }],
    ['a public IP of null, as the Azure CLI prints an absent reference', { properties: { ipConfigurations: [{ properties: { publicIPAddress: null } }] } }],
  ])('passes with %s', (_, document) => {
    expect(failures(schema, document)).toEqual([]);
  });

  it('fails at the property itself where it is there', () => {
    const document = { properties: { ipConfigurations: [{ properties: {} }, { properties: { publicIPAddress: { id: 'pip' } } }] } };
    expect(failures(schema, document).map((e) => e.instancePath)).toEqual(['/properties/ipConfigurations/1/properties/publicIPAddress']);
  });

  it('without ? still requires the steps before the last', () => {
    const required = expand({ fields: { 'properties.publicIPAddress': false } });
    expect(failures(required, {}).map((e) => [e.keyword, e.params])).toEqual([['required', { missingProperty: 'properties' }]]);
    expect(failures(required, { properties: {} })).toEqual([]);
  });
});

describe('[*] over an array that is not there', () => {
  it('fails on the missing array, named, when the path is required', () => {
    const schema = expand({ fields: { 'properties.networkInterfaceConfigurations[*].properties.primary': { const: true } } });
    expect(failures(schema, { properties: {} })).toEqual([{ instancePath: '/properties', keyword: 'required', params: { missingProperty: 'networkInterfaceConfigurations' } }]);
    expect(failures(schema, { properties: { networkInterfaceConfigurations: [] } })).toEqual([]);
    expect(failures(schema, { properties: { networkInterfaceConfigurations: {} } }).map((e) => [e.instancePath, e.keyword])).toEqual([['/properties/networkInterfaceConfigurations', 'type']]);
  });

  it('passes when the path is optional', () => {
    const schema = expand({ fields: { 'properties.networkInterfaceConfigurations[*].properties.primary?': { const: true } } });
    expect(failures(schema, { properties: {} })).toEqual([]);
  });
});

describe('what ajv reports for an expanded schema', () => {
  // The hand-written schema of AIS-NET-002 and AIS-NET-004 before they were rewritten, against their fields.
  const cases = [
    {
      fields: { [NIC_CONFIGURATIONS_PATH]: { const: true } },
      handWritten: NIC_CONFIGURATIONS_HAND_WRITTEN,
    },
    {
      fields: { 'identity.type': { enumIgnoreCase: ['SystemAssigned'] }, 'properties.servicePrincipalProfile.clientId?': { enumIgnoreCase: ['msi'] } },
      handWritten: {
        required: ['identity'],
        properties: {
          identity: { required: ['type'], properties: { type: { enumIgnoreCase: ['SystemAssigned'] } } },
          properties: { properties: { servicePrincipalProfile: { properties: { clientId: { enumIgnoreCase: ['msi'] } } } } },
        },
      },
    },
  ];
  const nic = (enabled: unknown) => ({ properties: { enableAcceleratedNetworking: enabled } });
  const documents = [
    {},
    { properties: {} },
    { properties: { virtualMachineProfile: { networkProfile: {} } } },
    { properties: { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: 'x' } } } },
    { properties: { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: [nic(true), nic(false), {}, { properties: {} }, nic('true')] } } } },
    { identity: {}, properties: { servicePrincipalProfile: { clientId: 'app' } } },
    { identity: { type: 'None' }, properties: { servicePrincipalProfile: {} } },
    { identity: { type: 'systemassigned' }, properties: { servicePrincipalProfile: { clientId: 'MSI' } } },
  ];

  it.each(cases.flatMap((c, i) => documents.map((d, j) => [i, j, c, d] as const)))('is what the hand-written schema reports (schema %i, document %i)', (_i, _j, { fields, handWritten }, document) => {
    expect(failures(expand({ fields }), document)).toEqual(failures(handWritten, document));
  });
});

describe('a finding of a rule written with fields', () => {
  const tmp = useTempDir();
  const estate = [
    {
      id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss',
      name: 'vmss',
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      location: 'eastus',
      properties: {
        virtualMachineProfile: {
          networkProfile: {
            networkInterfaceConfigurations: [
              { name: 'a', properties: { enableAcceleratedNetworking: true } },
              { name: 'b', properties: { EnableAcceleratedNetworking: false } },
            ],
          },
        },
      },
    },
  ];
  const SCAN_START = new Date('2026-01-01T00:00:00Z');
  const findingOf = (assert: object, folder: string) => {
    const file = tmp.write('estate.json', JSON.stringify(estate, null, 2));
    writeRule(tmp.path(folder, 'network'), { resourceTypes: ['Microsoft.Compute/virtualMachineScaleSets'], assert });
    const [finding] = scan({ snapshots: [file], directories: [tmp.path(folder)], builtin: false, failOn: 'none', now: () => SCAN_START }).findings;
    return finding;
  };

  it('points at the same property and line as the hand-written rule, the property matched ignoring case', () => {
    const path = 'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[*].properties.enableAcceleratedNetworking';
    const withFields = findingOf({ fields: { [path]: { const: true } } }, 'fields');
    const handWritten = findingOf(
      {
        properties: {
          properties: {
            properties: {
              virtualMachineProfile: {
                properties: {
                  networkProfile: {
                    properties: {
                      networkInterfaceConfigurations: {
                        items: { properties: { properties: { required: ['enableAcceleratedNetworking'], properties: { enableAcceleratedNetworking: { const: true } } } } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      'hand-written',
    );
    expect(withFields.failingPaths).toEqual(['properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[1].properties.EnableAcceleratedNetworking']);
    expect(withFields.region.startLine).toBe(20);
    expect(withFields).toEqual(handWritten);
  });
});

describe('a fields key or value aiscan cannot read: one line naming the rule file and the key', () => {
  const tmp = useTempDir();
  let n = 0;
  const loadError = (assert: unknown): string => {
    const folder = writeRule(tmp.path(`rules-${n++}`), { assert });
    try {
      loadRules({ directories: [folder], builtin: false });
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      return message.replace(/^.*AIS-TST-001\.json: /, '');
    }
    throw new Error('the rule loaded');
  };

  it.each([
    ['an empty path', '', 'at /assert/fields/: the path "" is not valid: a path may not be empty'],
    ['an empty step', 'properties..sku', 'at /assert/fields/properties..sku: the path "properties..sku" is not valid: empty property name at character 12'],
    ['a dot at the end', 'properties.', 'at /assert/fields/properties.: the path "properties." is not valid: empty property name'],
    ['[*] at the start', '[*].name', 'at /assert/fields/[*].name: the path "[*].name" is not valid: "[*]" must follow a property name'],
    ['[*] after a dot', 'a.[*]', 'is not valid: "[*]" must follow a property name'],
    ['a name straight after [*]', 'a[*]b', 'is not valid: a name at character 5 follows "]" without a dot'],
    ['an index', 'a[0].b', 'is not valid: "[" at character 2: a path knows "[*]" (every element) and quoted names'],
    ['? in the middle', 'properties?.sku', 'at /assert/fields/properties?.sku: the path "properties?.sku" is not valid: "?" may only end a path, and it makes the whole path optional; to check something below an optional step, nest'],
    ['?? at the end', 'a??', 'is not valid: "?" may only end a path'],
    ['just ?', '?', 'is not valid: a path may not be just "?"'],
    ['an unclosed quoted name', 'tags["a.b', 'is not valid: the quoted name at character 5 is not closed'],
    ['a key with a slash, escaped in the pointer', 'a/b..c', 'at /assert/fields/a~1b..c: the path'],
  ])('%s', (_, key, says) => {
    expect(loadError({ fields: { [key]: {} } })).toContain(says);
  });

  it.each([
    ['a number', 5, 'not a number (5)'],
    ['a string', 'yes', 'not a string ("yes")'],
    ['null', null, 'not null'],
    ['an array', [1], 'not an array'],
  ])('a value that is %s', (_, value, says) => {
    expect(loadError({ fields: { 'properties.sku': value } })).toBe(
      `at /assert/fields/properties.sku: the value of a path is a JSON Schema (an object), true (present) or false (absent or null), ${says}`,
    );
  });

  it('false after [*]', () => {
    expect(loadError({ fields: { 'a.b[*]?': false } })).toBe('at /assert/fields/a.b[*]?: false after "[*]" would mean every element is absent; write "a.b": false for no array, or {"maxItems": 0} for an empty one');
  });

  it('fields that is not an object, deep inside the schema', () => {
    expect(loadError({ anyOf: [{}, { fields: ['a'] }] })).toMatch(/^at \/assert\/anyOf\/1\/fields: "fields" takes an object whose keys are paths/);
  });

  it('a keyword ajv does not know inside a fields value is named where it is written', () => {
    expect(loadError({ fields: { 'properties.sku': { requird: ['name'] } } })).toBe('at /assert: not a valid JSON Schema: strict mode: unknown keyword: "requird" (at /assert/fields/properties.sku/requird)');
  });

  it('an invalid keyword value inside a fields value is named where it is written', () => {
    expect(loadError({ required: ['x'], fields: { 'a.b?': { anyOf: [{}, { minimum: 'one' }] } } })).toBe('at /assert/fields/a.b?/anyOf/1/minimum: not a valid JSON Schema: expected number');
  });

  it('a step named __proto__, which the schema engine would skip', () => {
    expect(loadError({ fields: { 'tags.__proto__': { const: 'x' } } })).toMatch(/^at \/assert\/fields\/tags.__proto__: the schema engine skips a key named "__proto__"/);
  });
});

describe('parameters in a fields value', () => {
  const tmp = useTempDir();
  const vm = (maxCount: number) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm${maxCount}`, name: 'vm', type: 'Microsoft.Compute/virtualMachines', maxCount });
  const rule = {
    parameters: { max: { description: 'the highest count', default: 3, schema: { type: 'integer' } } },
    assert: { fields: { maxCount: { maximum: { $param: 'max' } } } },
  };

  it('are filled in from the default and from the configuration', () => {
    const folder = writeRule(tmp.path('rules'), rule);
    const estate = tmp.write('estate.json', JSON.stringify([vm(5)]));
    expect(scan({ snapshots: [estate], directories: [folder], builtin: false, failOn: 'none' }).counts['AIS-TST-001']).toMatchObject({ fail: 1 });
    expect(scan({ snapshots: [estate], directories: [folder], builtin: false, failOn: 'none', parameters: { 'AIS-TST-001': { max: 5 } } }).counts['AIS-TST-001']).toMatchObject({ pass: 1 });
  });

  it('an undeclared one is named at its place in fields', () => {
    const folder = writeRule(tmp.path('undeclared'), { assert: { fields: { 'a.b': { maximum: { $param: 'nope' } } } } });
    expect(() => loadRules({ directories: [folder], builtin: false })).toThrow(/AIS-TST-001\.json: at \/assert\/fields\/a\.b\/maximum: parameter "nope" is not declared/);
  });
});
