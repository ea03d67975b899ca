import { readEstateFile } from '../../src/sources/estate-file.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const S1 = '11111111-1111-1111-1111-111111111111';
const S2 = '22222222-2222-2222-2222-222222222222';
const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const ARM = 'https://management.azure.com';

function vm(subscription: string, name: string) {
  return {
    id: `/subscriptions/${subscription}/resourceGroups/rg/providers/${VM_TYPE}/${name}`,
    name,
    type: VM_TYPE,
    location: 'eastus',
    properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } },
  };
}

function nic(subscription: string, name: string) {
  return { id: `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/${name}`, name, type: 'Microsoft.Network/networkInterfaces' };
}

describe('a list response that holds only its first page is a coverage gap', () => {
  const tmp = useTempDir();
  let files = 0;
  const write = (content: unknown) => tmp.write(`page-${files++}.json`, JSON.stringify(content));
  const gapsOf = (content: unknown) =>
    readEstateFile(write(content)).coverage.map(({ subscriptionId, resourceType, status }) => ({ subscriptionId, resourceType, status }));

  it('for the subscription and type an ARM nextLink lists, when the page holds only that type', () => {
    const nextLink = `${ARM}/subscriptions/${S1}/providers/${VM_TYPE}?api-version=2024-07-01&$skiptoken=abc`;
    expect(gapsOf({ value: [vm(S1, 'vm1')], nextLink })).toEqual([{ subscriptionId: S1, resourceType: VM_TYPE, status: 'failed' }]);
  });

  it('for every type of every subscription the link or the page names, when the link lists all resources', () => {
    const nextLink = `${ARM}/subscriptions/${S1}/resources?api-version=2021-04-01&%24skiptoken=abc`;
    expect(gapsOf({ value: [vm(S1, 'vm1'), nic(S2, 'nic1')], nextLink })).toEqual([
      { subscriptionId: S1, resourceType: '*', status: 'failed' },
      { subscriptionId: S2, resourceType: '*', status: 'failed' },
    ]);
  });

  it('for every type when a link for one type comes with a page holding others: the link is not taken on trust', () => {
    const nextLink = `${ARM}/subscriptions/${S1}/providers/Microsoft.Storage/storageAccounts?$skiptoken=abc`;
    expect(gapsOf({ value: [vm(S1, 'vm1')], nextLink })).toEqual([{ subscriptionId: S1, resourceType: '*', status: 'failed' }]);
  });

  it('for the page’s subscriptions when the link is no URL at all', () => {
    expect(gapsOf({ value: [vm(S1, 'vm1')], nextLink: '::not a url::' })).toEqual([{ subscriptionId: S1, resourceType: '*', status: 'failed' }]);
  });

  it.each([['@odata.nextLink'], ['odata.nextLink']])('for a list paged with %s', (key) => {
    expect(gapsOf({ value: [vm(S1, 'vm1')], [key]: `${ARM}/subscriptions/${S1}/resources?$skiptoken=abc` })).toHaveLength(1);
  });

  it.each([
    ['a skip_token (az graph query)', { skip_token: 'ew0K' }],
    ['a $skipToken (the REST API)', { $skipToken: 'ew0K' }],
    ['resultTruncated', { resultTruncated: 'true' }],
    ['fewer rows than totalRecords', { totalRecords: 2 }],
    ['fewer rows than total_records', { total_records: 5 }],
  ])('for every type of the subscriptions of a Resource Graph result with %s', (_, paging) => {
    expect(gapsOf({ count: 1, data: [vm(S1, 'vm1')], ...paging })).toEqual([{ subscriptionId: S1, resourceType: '*', status: 'failed' }]);
  });

  it.each([
    ['an ARM list without a nextLink', { value: [vm(S1, 'vm1')] }],
    ['an ARM list whose nextLink is null', { value: [vm(S1, 'vm1')], nextLink: null }],
    ['an ARM list whose nextLink is empty', { value: [vm(S1, 'vm1')], nextLink: '' }],
    ['a complete Resource Graph result', { count: 1, data: [vm(S1, 'vm1')], skip_token: null, total_records: 1, resultTruncated: 'false' }],
  ])('but not for %s', (_, document) => {
    expect(gapsOf(document)).toEqual([]);
  });

  it('says which file holds only a first page, and how to read the rest', () => {
    const file = write({ value: [vm(S1, 'vm1')], nextLink: `${ARM}/subscriptions/${S1}/resources?$skiptoken=abc` });
    expect(readEstateFile(file).coverage[0].message).toBe(
      `${file} holds only the first page of an ARM list (it has a "nextLink"), and aiscan does not follow links from files; ` +
        `read every page (az resource list does, as does aiscan collect) or join the pages' "value" arrays into one JSON array (jq -s '[.[].value[]]' page-*.json) and scan that`,
    );
  });

  it('makes the scan exit 3, with the rules there not evaluated, never passed', async () => {
    const file = write({ value: [vm(S1, 'vm1')], nextLink: `${ARM}/subscriptions/${S1}/providers/${VM_TYPE}?$skiptoken=abc` });
    const { code, stdout } = await runCli('scan', '--snapshot', file, '--out', tmp.path('out'), '--format', 'json');
    expect(code).toBe(3);
    expect(stdout).toMatch(/INCOMPLETE: 1 coverage gap/);
    expect(stdout).toMatch(/ 0 passed, /);
  });

  it.each([
    ['a nextLink that is not a string', { value: [vm(S1, 'vm1')], nextLink: 42 }, /at \/nextLink: expected a string \(the next page's address\) or null, found a number/],
    ['a skip token that is an object', { data: [vm(S1, 'vm1')], $skipToken: {} }, /at \/\$skipToken: expected a string .* found an object/],
    ['a first page that names no subscription', { value: [], nextLink: `${ARM}/providers/Microsoft.Authorization/roleDefinitions?$skiptoken=x` }, /at \/nextLink: the file holds only the first page of a list, and no subscription is named in it/],
  ])('refuses, in one line, %s', async (_, document, error) => {
    const file = write(document);
    const { code, stderr } = await runCli('scan', '--snapshot', file, '--out', tmp.path('out'));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(file)]);
    expect(stderr).toMatch(error);
  });
});
