import { createEmptyPipeline, createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { createSubscriptionClients, type ClientSettings } from '../../../src/sources/azure/clients.js';
import { createHttpsAgent } from '../../../src/sources/azure/https-agent.js';
import { isArmOrigin, ORIGIN_GUARD_POLICY, originGuardPolicy } from '../../../src/sources/azure/origin-guard.js';
import { QuotaGate } from '../../../src/sources/azure/quota-gate.js';
import { DEFAULTS } from '../../../src/sources/azure/collect-options.js';

const ARM = 'https://management.azure.com';

describe('which URLs are the ARM endpoint', () => {
  test.each([
    [`${ARM}/subscriptions/s/providers/Microsoft.Compute/virtualMachines?api-version=1&$skiptoken=x`],
    ['https://MANAGEMENT.azure.com/subscriptions'],
    ['https://management.azure.com:443/subscriptions'],
  ])('%s is', (url) => {
    expect(isArmOrigin(url, ARM)).toBe(true);
  });

  test.each([
    ['a look-alike subdomain', 'https://management.azure.com.evil.example/subscriptions'],
    ['user info naming ARM before the real host', 'https://management.azure.com@evil.example/subscriptions'],
    ['user info on ARM itself', 'https://user:pass@management.azure.com/subscriptions'],
    ['an IDN look-alike (Cyrillic а)', 'https://m\u0430nagement.azure.com/subscriptions'],
    ['another port', 'https://management.azure.com:8443/subscriptions'],
    ['plain HTTP', 'http://management.azure.com/subscriptions'],
    ['a trailing dot', 'https://management.azure.com./subscriptions'],
    ['another cloud', 'https://management.chinacloudapi.cn/subscriptions'],
    ['a relative URL', '/subscriptions'],
    ['not a URL', 'https://'],
  ])('%s is not: %s', (_, url) => {
    expect(isArmOrigin(url, ARM)).toBe(false);
  });

  test('an endpoint with a path (Azure Stack) is compared by origin', () => {
    expect(isArmOrigin('https://stack.local:30005/subscriptions', 'https://stack.local:30005/arm')).toBe(true);
    expect(isArmOrigin('https://stack.local:30006/subscriptions', 'https://stack.local:30005/arm')).toBe(false);
  });
});

describe('the guard', () => {
  test('refuses a request to another origin before it reaches the transport', async () => {
    const sent: string[] = [];
    const transport: HttpClient = { sendRequest: async (request) => (sent.push(request.url), { request, status: 200, headers: createHttpHeaders() }) };
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(originGuardPolicy(ARM, 'before sending'));
    await pipeline.sendRequest(transport, createPipelineRequest({ url: `${ARM}/subscriptions` }));
    await expect(pipeline.sendRequest(transport, createPipelineRequest({ url: 'https://evil.example/x?sig=secret' }))).rejects.toThrow(
      'aiscan refused to follow a redirect to https://evil.example: only the ARM endpoint https://management.azure.com is sent the ARM token',
    );
    expect(sent).toEqual([`${ARM}/subscriptions`]);
  });

  test('sits in every client pipeline before the bearer token policy signs, and again last, after redirects', () => {
    const settings: ClientSettings = {
      credential: { getToken: async () => null },
      endpoint: { url: ARM, tokenScope: `${ARM}/.default` },
      agent: createHttpsAgent(1),
      retry: DEFAULTS.retry,
      requestTimeoutMs: 1000,
      stats: { attempts: 0, retries: 0, retryWaitMs: 0, heldBack: 0 },
      quota: new QuotaGate(),
    };
    const clients = createSubscriptionClients(settings, '00000000-0000-0000-0000-000000000000');
    for (const client of [clients.resources, clients.authorization, clients.compute, clients.network, clients.containers, clients.machineLearning]) {
      const names = client.pipeline.getOrderedPolicies().map((policy) => policy.name);
      const guard = names.indexOf(`${ORIGIN_GUARD_POLICY} before signing`);
      expect(guard).toBeGreaterThanOrEqual(0);
      expect(guard).toBeLessThan(names.indexOf('bearerTokenAuthenticationPolicy'));
      expect(names.indexOf('redirectPolicy')).toBeLessThan(names.indexOf(`${ORIGIN_GUARD_POLICY} before sending`));
      expect(names[names.length - 1]).toBe(`${ORIGIN_GUARD_POLICY} before sending`);
      // One retry policy: aiscan's, which budgets time (the SDK's counts).
      expect(names.filter((name) => /retry/i.test(name))).toEqual(['aiscanRetry']);
    }
    settings.agent.destroy();
  });
});
