import { createEmptyPipeline, createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { readOnlyPolicy } from '../../../src/sources/azure/request-policies.js';
import { coverageStatusOf } from '../../../src/sources/azure/coverage.js';

const ARM = 'https://management.azure.com';
const sent: string[] = [];
const transport: HttpClient = {
  sendRequest: async (request) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    return { request, status: 200, headers: createHttpHeaders() };
  },
};
const pipeline = createEmptyPipeline();
pipeline.addPolicy(readOnlyPolicy());
const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string) => pipeline.sendRequest(transport, createPipelineRequest({ url: `${ARM}${path}`, method }));
const USER_CREDENTIAL = '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/listClusterUserCredential';

describe('aiscan never writes and never reads secrets, whatever a client is asked to do', () => {
  beforeEach(() => sent.splice(0));

  test('GETs and the Resource Graph query pass', async () => {
    await send('GET', '/subscriptions/s/providers/Microsoft.Compute/virtualMachines');
    await send('POST', '/providers/Microsoft.ResourceGraph/resources');
    // The resource SKUs of a region: a GET with a $filter.
    await send('GET', `/subscriptions/s/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=${encodeURIComponent("location eq 'eastus'")}`);
    expect(sent).toEqual([
      'GET /subscriptions/s/providers/Microsoft.Compute/virtualMachines',
      'POST /providers/Microsoft.ResourceGraph/resources',
      'GET /subscriptions/s/providers/Microsoft.Compute/skus',
    ]);
  });

  test("an AKS cluster's user kubeconfig passes only in exec format, which holds no secret", async () => {
    await send('POST', `${USER_CREDENTIAL}?api-version=2025-10-01&format=exec`);
    expect(sent).toEqual([`POST ${USER_CREDENTIAL}`]);
  });

  test.each([
    ['PUT', '/subscriptions/s/resourceGroups/g'],
    ['DELETE', '/subscriptions/s/resourceGroups/g'],
    ['PATCH', '/subscriptions/s/resourceGroups/g'],
    ['POST', '/subscriptions/s/providers/Microsoft.ContainerService/register'],
    ['POST', '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/listClusterAdminCredential'],
    ['POST', '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/listClusterAdminCredential?format=exec'],
    ['POST', `${USER_CREDENTIAL}?api-version=2025-10-01`],
    ['POST', `${USER_CREDENTIAL}?format=azure`],
    ['POST', `${USER_CREDENTIAL}?format=exec&format=azure`],
    ['GET', `${USER_CREDENTIAL}?format=exec`],
    ['POST', '/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/listKeys'],
    ['GET', '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/accessProfiles/clusterAdmin'],
    ['GET', '/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c/listKeys'],
  ] as const)('%s %s is refused before it leaves the process', async (method, path) => {
    await expect(send(method, path)).rejects.toThrow(`aiscan is read-only and refused to send ${method} ${path.split('?')[0]}`);
    expect(sent).toEqual([]);
  });
});

describe('why a read failed, in coverage terms', () => {
  test.each([
    [{ statusCode: 403, code: 'AuthorizationFailed' }, 'denied'],
    [{ statusCode: 401, code: 'InvalidAuthenticationToken' }, 'denied'],
    [{ statusCode: 400, code: 'NoRegisteredProviderFound' }, 'failed'],
    [{ statusCode: 409, code: 'Conflict' }, 'failed'],
    [{ statusCode: 429, code: 'TooManyRequests' }, 'failed'],
    [{ statusCode: 500 }, 'failed'],
    [{ code: 'ETIMEDOUT' }, 'failed'],
    [{ statusCode: 404, code: 'SubscriptionNotFound' }, 'failed'],
  ])('%j → %s', (error, status) => {
    expect(coverageStatusOf(error)).toBe(status);
  });
});
