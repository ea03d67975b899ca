import { readEstateFile } from '../../src/sources/estate-file.js';
import { loadEstate } from '../../src/sources/load-estate.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const vm = {
  id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
  name: 'vm1',
  type: 'Microsoft.Compute/virtualMachines',
  location: 'eastus',
  properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' }, somePreviewField: { kept: true } },
};

describe('estate input shapes', () => {
  const tmp = useTempDir();

  it('reads aiscan snapshots, keeping scopes and coverage', () => {
    const file = tmp.write(
      'snapshot.json',
      JSON.stringify({
        format: 'aiscan-snapshot',
        version: 1,
        collectedAt: '2026-11-20T02:00:00Z',
        scopes: [{ subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'research' }],
        coverage: [{ subscriptionId: '11111111-1111-1111-1111-111111111111', resourceType: 'Microsoft.Compute/virtualMachines', status: 'read', count: 1 }],
        resources: [vm],
      }),
    );
    const estate = readEstateFile(file);
    expect(estate.shape).toBe('aiscan-snapshot');
    expect(estate.resources).toEqual([{ resource: vm, path: ['resources', 0] }]);
    expect(estate.scopes[0].displayName).toBe('research');
    expect(estate.coverage).toHaveLength(1);
  });

  it.each([
    ['a plain JSON array of ARM resources', 'resource-array', [vm], [0]],
    ['an ARM list response', 'arm-list', { value: [vm] }, ['value', 0]],
    ['an Azure Resource Graph result (az graph query -o json)', 'resource-graph', { count: 1, data: [vm], skip_token: null, total_records: 1 }, ['data', 0]],
  ])('reads %s, resource kept exactly as given', (_, shape, document, path) => {
    const file = tmp.write(`${shape}.json`, JSON.stringify(document));
    const estate = readEstateFile(file);
    expect(estate.shape).toBe(shape);
    expect(estate.resources).toEqual([{ resource: vm, path }]);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const file = tmp.write('bom.json', '\uFEFF' + JSON.stringify([vm]));
    expect(readEstateFile(file).resources).toHaveLength(1);
  });

  it('derives the type of a subscription from its id, as GET /subscriptions/{id} returns none', () => {
    const file = tmp.write('sub.json', JSON.stringify([{ id: '/subscriptions/11111111-1111-1111-1111-111111111111', subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'x' }]));
    expect(loadEstate([file]).resources[0].type).toBe('Microsoft.Resources/subscriptions');
  });

  it('keeps one of two resources whose ids differ only in ASCII case, and names both ids as written', () => {
    const twin = { ...vm, id: vm.id.toUpperCase() };
    const a = tmp.write('a.json', JSON.stringify([vm]));
    const b = tmp.write('b.json', JSON.stringify([twin]));
    const estate = loadEstate([a, b]);
    expect(estate.resources).toHaveLength(1);
    expect(estate.warnings).toEqual([
      `${b}: at /0: ${JSON.stringify(twin.id)} is not scanned: its id is the same as that of ${JSON.stringify(vm.id)} at ${a} at /0 (ids compare ignoring ASCII case, as in Azure), which is scanned instead`,
    ]);
  });
});

describe('malformed estate files: one line naming the file and the place, exit 2', () => {
  const tmp = useTempDir();

  it.each([
    ['invalid JSON, with line:column', 'broken.json', '[\n  {"id": "/subscriptions/x",\n  ]', /broken\.json:3:3: invalid JSON/],
    ['an empty file', 'empty.json', '', /empty\.json:1:1: the file is empty/],
    ['not one of the four shapes', 'shape.json', '{"resources": []}', /shape\.json: at \/: expected an aiscan snapshot/],
    ['a resource without an id in an array', 'noid.json', '[{"name": "x"}]', /noid\.json: at \/0\/id: missing required property "id"/],
    ['a null resource in an ARM list', 'null.json', '{"value": [null]}', /null\.json: at \/value\/0: expected object/],
    ['a resource id of the wrong type in a Resource Graph result', 'graph.json', '{"data": [{"id": 42}]}', /graph\.json: at \/data\/0\/id: expected string/],
    ['an unknown snapshot version', 'v9.json', '{"format": "aiscan-snapshot", "version": 9}', /v9\.json: at \/version: snapshot format version 9 is not one this aiscan reads/],
    [
      'a snapshot with a bad coverage status',
      'cov.json',
      JSON.stringify({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [{ subscriptionId: 's', resourceType: 't/u', status: 'maybe' }], resources: [] }),
      /cov\.json: at \/coverage\/0\/status: expected one of "read", "denied", "failed", "notRegistered"/,
    ],
    ['invalid UTF-8', 'latin1.json', Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]), /latin1\.json: an estate file is not valid UTF-8/],
  ])('%s', async (_, name, content, expected) => {
    const file = tmp.write(name, content);
    const result = await runCli('scan', '--snapshot', file, '--out', tmp.path('out'), '--quiet');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(file);
  });

  it('a file that does not exist', async () => {
    const result = await runCli('scan', '--snapshot', tmp.path('nope.json'), '--out', tmp.path('out'));
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/nope\.json: cannot read an estate file: no such file\n$/) });
  });
});
