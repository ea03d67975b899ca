import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEstate } from '../../src/sources/load-estate.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const VM_TYPE = 'Microsoft.Compute/virtualMachines';

/** A GPU VM; `type: null` leaves the type out. */
function vm(group: string, name: string, type: string | null = VM_TYPE, id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/${VM_TYPE}/${name}`) {
  return {
    id,
    name,
    ...(type === null ? {} : { type }),
    location: 'eastus',
    properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } },
  };
}

/** The id as warnings show it: quoted, every character outside printable ASCII escaped. */
function quoted(id: string): string {
  return JSON.stringify(id).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('every resource is scanned or named in a warning', () => {
  const tmp = useTempDir();
  let files = 0;
  const write = (content: unknown) => tmp.write(`estate-${files++}.json`, JSON.stringify(content));

  // Each sign, and what JavaScript's case functions turn it into (toLowerCase for the first four, toUpperCase for the last two).
  it.each([
    ['Kelvin sign', '\u212A', 'k'],
    ['Angstrom sign', '\u212B', '\u00e5'],
    ['Ohm sign', '\u2126', '\u03c9'],
    ['capital I with dot', '\u0130', 'i\u0307'],
    ['long s', '\u017F', 's'],
    ['dotless i', '\u0131', 'i'],
  ])('scans both a VM in a group spelled with the %s and one in the group it folds into, as Azure keeps them apart', (_, lookalike, folded) => {
    const [plain, signed] = [vm(`rg-${folded}ube`, 'vm1'), vm(`rg-${lookalike}ube`, 'vm1')];
    const estate = loadEstate([write([plain, signed])]);
    expect(estate.resources.map((r) => r.resource.id)).toEqual([plain.id, signed.id]);
    expect(estate.warnings).toEqual([]);
  });

  it('names both ids, exactly as written, when a resource is dropped as the same as another (ASCII case only)', () => {
    const first = vm('rg-kube', 'vm1');
    const second = vm('RG-KUBE', 'VM1');
    const file = write([first, second]);
    const estate = loadEstate([file]);
    expect(estate.resources.map((r) => r.resource)).toEqual([first]);
    expect(estate.warnings).toEqual([
      `${file}: at /1: ${quoted(second.id)} is not scanned: its id is the same as that of ${quoted(first.id)} at ${file} at /0 (ids compare ignoring ASCII case, as in Azure), which is scanned instead`,
    ]);
  });

  it('names every dropped resource, however many there are', () => {
    const first = Array.from({ length: 30 }, (_, i) => vm('rg', `vm${i}`));
    const later = first.map((resource) => ({ ...resource, id: resource.id.toUpperCase() }));
    const estate = loadEstate([write(first), write(later)]);
    expect(estate.resources).toHaveLength(30);
    expect(estate.warnings).toHaveLength(30);
    for (const resource of later) expect(estate.warnings.some((w) => w.includes(quoted(resource.id)))).toBe(true);
  });

  it('names the scanned id and the first five dropped for it in one warning, and counts the rest', () => {
    const kept = vm('rg', 'vm1');
    const dropped = Array.from({ length: 8 }, (_, i) => ({ ...kept, id: i % 2 ? kept.id.toUpperCase() : kept.id, name: `copy-${i}` }));
    const file = write([kept, ...dropped]);
    const estate = loadEstate([file]);
    expect(estate.resources.map((r) => r.resource)).toEqual([kept]);
    const listed = dropped.slice(0, 5).map((resource, i) => `${quoted(resource.id)} at ${file} at /${i + 1}`);
    expect(estate.warnings).toEqual([
      `${file}: at /0: ${quoted(kept.id)} is scanned, and 8 other resources with the same id (ids compare ignoring ASCII case, as in Azure) are not: ${listed.join(', ')}, and 3 more`,
    ]);
  });

  it('says when a resource given twice under the same id differs in content', () => {
    const before = vm('rg', 'vm1');
    const after = { ...before, properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } } };
    const estate = loadEstate([write([before]), write([after])]);
    expect(estate.resources.map((r) => r.resource)).toEqual([before]);
    expect(estate.warnings).toEqual([expect.stringMatching(/is not scanned: .* which is scanned instead; the two differ in content$/)]);
  });

  it('counts exact copies (a file given twice) in one line, as nothing different is dropped', () => {
    const resources = [vm('rg', 'vm1'), vm('rg', 'vm2')];
    const a = write(resources);
    const b = write(resources);
    const estate = loadEstate([a, b]);
    expect(estate.resources).toHaveLength(2);
    expect(estate.warnings).toEqual([
      `2 resources were given more than once, each copy the same (same id, same content), and scanned once: first ${quoted(resources[0].id)} (${a} at /0 and ${b} at /0)`,
    ]);
  });
});

describe('a resource whose type is spelled differently from the type its id names', () => {
  const tmp = useTempDir();
  let files = 0;
  const write = (content: unknown) => tmp.write(`types-${files++}.json`, JSON.stringify(content));

  it('keeps a type that differs only in ASCII case, without a word (Azure compares types ignoring case)', () => {
    const estate = loadEstate([write([vm('rg', 'vm1', 'microsoft.compute/VIRTUALMACHINES')])]);
    expect(estate.resources[0].type).toBe('microsoft.compute/VIRTUALMACHINES');
    expect(estate.warnings).toEqual([]);
  });

  it("reads Resource Graph's spelling of the resource group type as ARM's, without a word, so rules about resource groups apply", () => {
    const group = { id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`, name: 'rg', type: 'microsoft.resources/subscriptions/resourcegroups' };
    const estate = loadEstate([write({ data: [group] })]);
    expect(estate.resources[0].type).toBe('Microsoft.Resources/resourceGroups');
    expect(estate.warnings).toEqual([]);
  });

  it.each([
    ['singular', 'Microsoft.Compute/virtualMachine'],
    ['with a trailing space', 'Microsoft.Compute/virtualMachines '],
    ['with a Cyrillic а', 'Microsoft.Compute/virtu\u0430lMachines'],
    ['as another type altogether', 'Microsoft.Storage/storageAccounts'],
  ])('evaluates a VM whose type is %s as the VM its id names, and says so naming both spellings', (_, type) => {
    const resource = vm('rg', 'vm1', type);
    const file = write([resource]);
    const estate = loadEstate([file]);
    expect(estate.resources[0].type).toBe(VM_TYPE);
    expect(estate.warnings).toEqual([
      `${file}: at /0/type: ${quoted(resource.id)} says its type is ${quoted(type)} but its id names ${VM_TYPE}; it is evaluated as ${VM_TYPE}, the type its id names`,
    ]);
  });

  it('refuses a resource whose id names a type with a letter from another script: no type it could be evaluated as', () => {
    const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtu\u0430lMachines/vm1`;
    const file = write([vm('rg', 'vm1', VM_TYPE, id)]);
    expect(() => loadEstate([file])).toThrow(`${file}: at /0/id: the id ${quoted(id)} names the resource type "Microsoft.Compute/virtu\\u0430lMachines", which is not an ARM resource type`);
  });

  it('uses the type given when the id is no ARM id at all, and says so', () => {
    const file = write([vm('rg', 'vm1', VM_TYPE, '/vms/vm1')]);
    const estate = loadEstate([file]);
    expect(estate.resources[0].type).toBe(VM_TYPE);
    expect(estate.warnings).toEqual([`${file}: at /0/id: "/vms/vm1" is not an ARM resource id ("vms" stands where "providers" or the end of the id should); it is evaluated as its type ${VM_TYPE}`]);
  });

  it.each([
    ['no type and an id that names none', null, '/vms/vm1', /at \/0\/type: the resource has no type and its id "\/vms\/vm1" does not name one/],
    ['a malformed type and an id that names none', 'Microsoft.Compute/virtualMachines ', '/vms/vm1', /at \/0\/type: "Microsoft.Compute\/virtualMachines " is not an ARM resource type/],
  ])('refuses a resource with %s', (_, type, id, error) => {
    const file = write([vm('rg', 'vm1', type, id)]);
    expect(() => loadEstate([file])).toThrow(error);
  });

  it('finds what is wrong with a GPU VM whatever its type says: no PASS for a VM no rule looked at', async () => {
    const spellings = ['Microsoft.Compute/virtualMachine', 'Microsoft.Compute/virtualMachines ', 'Microsoft.Compute/virtu\u0430lMachines'];
    const file = write(spellings.map((type, i) => vm('rg', `vm${i}`, type)));
    const out = tmp.path('out');
    const { code, stdout } = await runCli('scan', '--snapshot', file, '--out', out, '--format', 'json', '--fail-on', 'medium');
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; resourceId: string }[] };
    const missingIdentity = report.findings.filter((f) => f.ruleId === 'AIS-ID-002').map((f) => f.resourceId);
    expect(missingIdentity.sort()).toEqual(spellings.map((_, i) => vm('rg', `vm${i}`).id).sort());
    expect(stdout.match(/^warning: .*says its type is/gm)).toHaveLength(3);
  });
});
