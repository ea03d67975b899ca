import type { ArmResource } from '../../src/estate.js';

/** Where the Kubernetes API of an emulated AKS cluster is served (a KubernetesEmulator), and the CA that signs it. */
export interface AksApiServer {
  server: string;
  /** PEM of the CA, as a kubeconfig's certificate-authority-data holds it (base64 of the PEM). */
  caPem: string;
}

/**
 * The answer of POST …/managedClusters/NAME/listClusterUserCredential, shaped like the published
 * example (ManagedClustersListClusterCredentialResult.json): `{"kubeconfigs":[{"name","value"}]}`,
 * `value` a base64 kubeconfig. For a cluster with Microsoft Entra integration and `format=exec`,
 * its user entry runs kubelogin, as `az aks get-credentials --format exec` writes it; otherwise
 * AKS hands out a local account's client certificate and token, which aiscan must never ask for.
 */
export function aksUserCredential(cluster: ArmResource, api: AksApiServer, format: string | undefined): { status: number; body: unknown } {
  const name = cluster.name ?? 'cluster';
  const resourceGroup = /\/resourceGroups\/([^/]+)\//i.exec(cluster.id)?.[1] ?? 'rg';
  const properties = (cluster.properties ?? {}) as { aadProfile?: unknown };
  const user = `clusterUser_${resourceGroup}_${name}`;
  const entra = properties.aadProfile !== undefined && format === 'exec';
  const userEntry = entra
    ? [
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        '      args:',
        '      - get-token',
        '      - --environment',
        '      - AzurePublicCloud',
        '      - --server-id',
        '      - 6dae42f8-4368-4678-94ff-3960e28e3630',
        '      - --client-id',
        '      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a',
        '      - --tenant-id',
        '      - 72f988bf-86f1-41af-91ab-2d7cd011db47',
        '      - --login',
        '      - devicecode',
        '      command: kubelogin',
        '      env: null',
        '      provideClusterInfo: false',
      ]
    : [
        `    client-certificate-data: ${Buffer.from('LOCAL ACCOUNT CLIENT CERTIFICATE').toString('base64')}`,
        `    client-key-data: ${Buffer.from('LOCAL ACCOUNT CLIENT KEY').toString('base64')}`,
        '    token: local-account-secret-token-0123456789abcdef',
      ];
  const kubeconfig = [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(api.caPem).toString('base64')}`,
    `    server: ${api.server}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: ${user}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${user}`,
    '  user:',
    ...userEntry,
    '',
  ].join('\n');
  return { status: 200, body: { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(kubeconfig).toString('base64') }] } };
}
