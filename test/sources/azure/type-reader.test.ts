import { RestError } from '@azure/core-rest-pipeline';
import { TypeReader } from '../../../src/sources/azure/type-reader.js';

const S = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const WORKSPACES = 'Microsoft.MachineLearningServices/workspaces';

/** The RestError an SDK throws for an ARM error body. */
const armError = (statusCode: number, code: string, message: string) => new RestError(message, { statusCode, code });
const notRegistered = (namespace: string) =>
  armError(409, 'MissingSubscriptionRegistration', `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`);

async function readFailing(error: unknown, type = WORKSPACES) {
  const reader = new TypeReader(S);
  const resources = await reader.read(type, async () => {
    throw error;
  });
  return { resources, entry: reader.coverage[0], failed: reader.hasFailed(type) };
}

describe('a list that fails because the resource provider is not registered', () => {
  test('is read, with no resources, and says why', async () => {
    const { resources, entry, failed } = await readFailing(notRegistered('Microsoft.MachineLearningServices'));
    expect(resources).toEqual([]);
    expect(failed).toBe(false);
    expect(entry).toEqual({
      subscriptionId: S,
      resourceType: WORKSPACES,
      status: 'read',
      count: 0,
      notRegistered: true,
      message: expect.stringContaining('the resource provider Microsoft.MachineLearningServices is not registered in this subscription'),
    });
  });

  test('SubscriptionNotRegistered, the code some providers send instead, means the same', async () => {
    const { entry } = await readFailing(armError(409, 'SubscriptionNotRegistered', 'The subscription is not registered with the resource provider.'));
    expect(entry).toMatchObject({ status: 'read', count: 0, notRegistered: true });
  });
});

describe('other failures stay gaps', () => {
  test.each([
    ['a 409 with another code', armError(409, 'Conflict', 'The request conflicts with the current state.')],
    // ARM also sends this for an api-version or a region the type does not support.
    ['NoRegisteredProviderFound', armError(400, 'NoRegisteredProviderFound', "No registered resource provider found for location 'westus' and API version '2099-01-01'.")],
    ['a not-registered answer about another namespace', notRegistered('Microsoft.Network')],
  ])('%s', async (_, error) => {
    const { resources, entry, failed } = await readFailing(error);
    expect(resources).toBeUndefined();
    expect(failed).toBe(true);
    expect(entry).toMatchObject({ status: 'failed' });
    expect(entry).not.toHaveProperty('notRegistered');
  });
});
