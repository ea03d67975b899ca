import { checksMarkdown, describeSchema, type ConditionLookup } from '../../src/docs/describe-schema.js';
import { NIC_CONFIGURATIONS_HAND_WRITTEN, NIC_CONFIGURATIONS_PATH } from '../helpers/hand-written-schemas.js';

const conditions: ConditionLookup = (name) =>
  name === 'gpuCompute' ? { title: 'GPU compute', schema: { fields: { 'facts.gpu.isGpu': { const: true } } } } : undefined;
const words = (schema: unknown) => checksMarkdown(describeSchema(schema, conditions));

describe('a rule page says what a schema checks', () => {
  it('as paths, the same whether the schema uses fields or is written out by hand', () => {
    const path = NIC_CONFIGURATIONS_PATH;
    const handWritten = NIC_CONFIGURATIONS_HAND_WRITTEN;
    expect(words({ fields: { [path]: { const: true } } })).toEqual([`- \`${path}\` is \`true\``]);
    expect(words(handWritten)).toEqual(words({ fields: { [path]: { const: true } } }));
  });

  it('says which step may be missing', () => {
    expect(words({ fields: { 'mode?': { not: { enumIgnoreCase: ['System'] } } } })).toEqual(['- `mode` is not `"System"` (ignoring case), where present']);
    expect(words({ properties: { facts: { properties: { scaleOut: { required: ['fits'], properties: { fits: { const: true } } } } } } })).toEqual([
      '- `facts.scaleOut.fits` is `true`, where `facts.scaleOut` is present',
    ]);
  });

  it('says a property must be present where nothing else says so', () => {
    expect(words({ fields: { 'properties.virtualMachineProfile': {} } })).toEqual(['- `properties.virtualMachineProfile` is present']);
    expect(words({ required: ['facts'], properties: { facts: { properties: { x: { const: 1 } } } } })).toEqual(['- `facts` is present', '- `facts.x` is `1`, where present']);
  });

  it('says absent for false', () => {
    expect(words({ fields: { 'properties.ipConfigurations[*].properties.publicIPAddress?': false } })).toEqual([
      '- `properties.ipConfigurations[*].properties.publicIPAddress` is absent or null',
    ]);
  });

  it('names a condition by its title, with what it checks below', () => {
    expect(words({ condition: 'gpuCompute', fields: { enableAutoScaling: { const: true } } })).toEqual([
      '- GPU compute (condition `gpuCompute`):',
      '  - `facts.gpu.isGpu` is `true`',
      '- `enableAutoScaling` is `true`',
    ]);
  });

  it('names parameters rather than pasting their placeholders', () => {
    expect(words({ fields: { maxCount: { type: 'integer', maximum: { $param: 'maxNodeCount' } } } })).toEqual([
      '- `maxCount` is a whole number and is at most the parameter `maxNodeCount`',
    ]);
    expect(words({ fields: { nodeTaints: { type: 'array', contains: { type: 'string', pattern: { $param: 'taintPattern' } } } } })).toEqual([
      '- `nodeTaints` is an array and has an element that is a string matching the parameter `taintPattern`',
    ]);
  });

  it('nests alternatives', () => {
    expect(words({ fields: { properties: { anyOf: [{ fields: { 'a.enabled': { const: true } } }, { fields: { 'b.enabled': { const: true }, 'b.mode': { enum: ['x', 'y'] } } }] } } })).toEqual([
      '- at least one of:',
      '  - `properties.a.enabled` is `true`',
      '  - all of:',
      '    - `properties.b.enabled` is `true`',
      '    - `properties.b.mode` is one of `"x"`, `"y"`',
    ]);
  });

  it('shows what it has no words for as JSON at its path, never drops it', () => {
    expect(words({ fields: { tags: { patternProperties: { '^x-': { type: 'string' } } } } })).toEqual(['- `tags` satisfies `{"patternProperties":{"^x-":{"type":"string"}}}`']);
    expect(words({ not: { required: ['a'], properties: { a: { const: 1 } } } })).toEqual(['- not all of these hold:', '  - `a` is `1`']);
  });
});
