import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../../src/estate.js';
import { redactResource } from '../../src/redaction/redact.js';
import { redactText } from '../../src/redaction/redact-text.js';
import { SAMPLE_FILES } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';

/**
 * The fixtures have the shape of the REST API's published examples (Azure/azure-rest-api-specs),
 * with the values people put secrets in filled in:
 * - vm-custom-script.json: specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-07-01/examples/
 *   virtualMachineExamples/VirtualMachine_ListAll_MaximumSet_Gen.json @ 90c1c6fd5af5efa633183480d22021ed66ad4d3f
 * - vmss-windows-custom-script.json: …/2024-07-01/examples/virtualMachineScaleSetExamples/
 *   VirtualMachineScaleSet_Create_WithExtensionsTimeBudget.json (200 response) @ ea83a2a3e90ca3f0420e9d0ef55a811523541aba
 * - autoscale-webhooks.json: specification/monitor/resource-manager/Microsoft.Insights/stable/2022-10-01/examples/
 *   listAutoscaleSetting.json @ 7a2de44f0342f4742f45d147b78275fac1e1e60f
 */
const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'secrets', name), 'utf8')) as ArmResource;
const M = (why: string) => `[redacted by aiscan: ${why}]`;

type Path = (string | number)[];
const valueAt = (value: unknown, path: Path) => path.reduce<unknown>((at, segment) => (at as Record<string | number, unknown>)[segment], value);
/** `resource` with the values at `paths` replaced: what redaction must produce, nothing more. */
function withValues(resource: ArmResource, values: [Path, unknown][]): ArmResource {
  const copy = structuredClone(resource);
  for (const [path, value] of values) {
    let at = copy as Record<string | number, unknown>;
    for (const segment of path.slice(0, -1)) at = at[segment] as Record<string | number, unknown>;
    at[path[path.length - 1]] = value;
  }
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe('secrets in a VM: custom data, user data, a Custom Script extension, a SAS in a tag', () => {
  const vm = deepFreeze(fixture('vm-custom-script.json'));
  const settings = ['resources', 0, 'properties', 'settings'];

  test('are replaced by markers that say why; everything else, Key Vault references and SSH public keys included, is kept', () => {
    const { resource, redacted } = redactResource(vm);
    const tag = vm.tags!.bootstrap;
    const fileUri = valueAt(vm, [...settings, 'fileUris', 0]) as string;
    expect(resource).toEqual(
      withValues(vm, [
        [['tags', 'bootstrap'], tag.replace(/sig=[^&]+$/, `sig=${M('URL SAS signature')}`)],
        [['properties', 'osProfile', 'customData'], M('custom data, which may hold secrets')],
        [['properties', 'userData'], M('user data, which may hold secrets')],
        [[...settings, 'fileUris', 0], fileUri.replace(/sig=[^&]+$/, `sig=${M('URL SAS signature')}`)],
        [[...settings, 'commandToExecute'], M('command line, which may hold secrets')],
        [[...settings, 'storageAccountKey'], M('field named like a secret')],
      ]),
    );
    expect(redacted).toBe(6);
    // The SAS token's permissions and expiry stay readable.
    expect(resource.tags!.bootstrap).toContain('sp=r&se=2026-12-31T00:00:00Z');
  });

  test('the resource read is not changed, and redacting again changes nothing more', () => {
    const before = JSON.stringify(vm);
    const once = redactResource(vm).resource;
    expect(JSON.stringify(vm)).toBe(before);
    expect(redactResource(once)).toEqual({ resource: once, redacted: 0 });
  });
});

describe('secrets in a Windows scale set: AutoLogon unattend content, a command line, a connection string', () => {
  const vmss = deepFreeze(fixture('vmss-windows-custom-script.json'));
  const profile = ['properties', 'virtualMachineProfile'];
  const extension = (i: number) => [...profile, 'extensionProfile', 'extensions', i, 'properties', 'settings'];

  test('are replaced; the connection string keeps its account name and endpoint', () => {
    const { resource, redacted } = redactResource(vmss);
    const fileUri = valueAt(resource, [...extension(0), 'fileUris', 0]) as string;
    expect(resource).toEqual(
      withValues(vmss, [
        [[...profile, 'osProfile', 'windowsConfiguration', 'additionalUnattendContent', 0, 'content'], M('Windows unattend content')],
        [[...extension(0), 'fileUris', 0], fileUri],
        [[...extension(0), 'commandToExecute'], M('command line, which may hold secrets')],
        [
          [...extension(1), 'diagnosticsStorage'],
          `DefaultEndpointsProtocol=https;AccountName=stdiagtrain;AccountKey=${M('connection string AccountKey')};EndpointSuffix=core.windows.net`,
        ],
      ]),
    );
    expect(fileUri).toMatch(new RegExp(`&sig=\\[redacted by aiscan: URL SAS signature\\]$`));
    expect(redacted).toBe(4);
  });
});

describe('an autoscale setting that notifies webhooks', () => {
  const autoscale = deepFreeze(fixture('autoscale-webhooks.json'));
  const webhook = (i: number) => ['properties', 'notifications', 0, 'webhooks', i];

  test('keeps each webhook’s scheme and host (its port when not the default), and its property names, nothing else of them', () => {
    const { resource, redacted } = redactResource(autoscale);
    expect(resource).toEqual(
      withValues(autoscale, [
        [[...webhook(0), 'serviceUri'], `https://prod-27.eastus.logic.azure.com/${M('webhook path and query, which may hold a secret')}`],
        [[...webhook(0), 'properties'], { Authorization: M('webhook property'), channel: M('webhook property') }],
        [[...webhook(1), 'serviceUri'], `https://hooks.slack.com/${M('webhook path and query, which may hold a secret')}`],
      ]),
    );
    expect(redacted).toBe(4);
  });
});

describe('a Kubernetes Deployment read from a cluster, with credentials in its containers\' environment (hand-written)', () => {
  const deployment: ArmResource = deepFreeze({
    id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.apps/Deployment/trainer',
    type: 'Kubernetes.apps/Deployment',
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'trainer',
              env: [
                { name: 'HF_TOKEN', value: 'hf_AbCdEf0123456789' },
                { name: 'db-password', value: 'hunter2' },
                { name: 'NVIDIA_VISIBLE_DEVICES', value: 'all' },
                { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
              ],
            },
          ],
        },
      },
    },
  });

  test('the value of a variable named like a secret is replaced; other variables and references to Secrets are kept', () => {
    const { resource, redacted } = redactResource(deployment);
    const env = [0, 1, 2, 3].map((index) => ['spec', 'template', 'spec', 'containers', 0, 'env', index, 'value'] as Path);
    expect(redacted).toBe(2);
    expect(resource).toEqual(withValues(deployment, [[env[0], M('value of a setting named like a secret')], [env[1], M('value of a setting named like a secret')]]));
  });
});

describe('what is never redacted', () => {
  test('the sample estate holds no secret: every resource comes back as the very same object', () => {
    for (const resource of resourcesOfSnapshots(SAMPLE_FILES)) expect(redactResource(resource)).toEqual({ resource, redacted: 0 });
  });

  test('ids, even one that looks like a query string', () => {
    const resource = { id: '/subscriptions/s/resourceGroups/g/providers/X.Y/z/a?sig=1', properties: { target: { id: '/x?code=1' } } };
    expect(redactResource(resource)).toEqual({ resource, redacted: 0 });
  });

  test('a key named "__proto__" stays an ordinary key', () => {
    const resource = JSON.parse('{"id":"/subscriptions/s","properties":{"settings":{"__proto__":{"password":"hunter2"}}}}') as ArmResource;
    const redacted = redactResource(resource).resource as unknown as { properties: { settings: Record<string, unknown> } };
    expect(Object.getPrototypeOf(redacted.properties.settings)).toBe(Object.prototype);
    expect(JSON.stringify(redacted)).toBe(`{"id":"/subscriptions/s","properties":{"settings":{"__proto__":{"password":"${M('field named like a secret')}"}}}}`);
  });

  test.each([
    ['secretUrl', 'https://kv.vault.azure.net/secrets/x/1'],
    ['keyData', 'ssh-rsa AAAA user'],
    ['enableSecretRotation', 'true'],
    ['disablePasswordAuthentication', 'true'],
    ['passwordProfile', 'x'],
    ['nodeTaints', 'sku=gpu:NoSchedule'],
  ])('a field named %s', (name, value) => {
    const resource = { id: '/subscriptions/s', properties: { [name]: value } };
    expect(redactResource(resource).redacted).toBe(0);
  });
});

describe('secrets inside free text', () => {
  test.each([
    ['https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=abc%2B%3D', `https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=${M('URL SAS signature')}`],
    ['https://f.azurewebsites.net/api/run?code=abc123==&name=x', `https://f.azurewebsites.net/api/run?code=${M('URL parameter code')}&name=x`],
    ['https://s.azure-automation.net/webhooks?token=abc%2b', `https://s.azure-automation.net/webhooks?token=${M('URL parameter token')}`],
    ['https://alice:pa55w0rd@git.contoso.com/repo.git', `https://alice:${M('password in a URL')}@git.contoso.com/repo.git`],
    ['Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k3y=', `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${M('connection string SharedAccessKey')}`],
    ['BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022&sig=x', `BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=${M('connection string SharedAccessSignature')}`],
    ['Server=tcp:db,1433;User ID=app;Password=s3cr3t;Encrypt=True', `Server=tcp:db,1433;User ID=app;Password=${M('connection string Password')};Encrypt=True`],
    ['key: -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n', `key: ${M('private key')}\n`],
  ])('%s', (text, expected) => {
    const tally = { count: 0 };
    expect(redactText(text, tally)).toBe(expected);
    expect(tally.count).toBe(1);
    expect(redactText(expected, tally)).toBe(expected);
    expect(tally.count).toBe(1);
  });

  test.each([
    'https://stdiag.blob.core.windows.net/',
    'https://management.azure.com/subscriptions/s?api-version=2022-12-01',
    'sku=gpu:NoSchedule',
    'gpu-oncall@contoso.com',
    'PasswordPolicy=strict',
  ])('no secret in %s', (text) => {
    const tally = { count: 0 };
    expect(redactText(text, tally)).toBe(text);
    expect(tally.count).toBe(0);
  });
});
