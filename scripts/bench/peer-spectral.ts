/**
 * The peer of `npm run bench -- --peer spectral`: Stoplight Spectral, a generic JSON/YAML linter,
 * running six of aiscan's rules written by hand as Spectral `schema` rules on the same estate file.
 * Spectral is installed by this script into the bench's temporary folder, from the npm registry:
 * it is not a dependency of aiscan.
 *
 * The six rules keep each aiscan rule's resource type and the JSON Schema of its assert, with what
 * Spectral has no equivalent for taken out: aiscan's GPU conditions (facts joined across
 * resources) are dropped, so Spectral checks every cluster, pool and compute, which is more work for
 * it only where the estate has CPU ones; `enumIgnoreCase` becomes a case-insensitive `pattern`.
 * Hand-written for this benchmark, not generated from the rule files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SPECTRAL_PACKAGE = '@stoplight/spectral-cli@6';

const ofType = (type: string) => `$.resources[?(@.type === '${type}')]`;
/** A pattern matching any of `values` ignoring ASCII case (Node 20's regular expressions have no inline `(?i)`). */
const anyCase = (...values: string[]) => ({
  type: 'string',
  pattern: `^(${values.map((value) => value.replace(/[a-z]/gi, (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`)).join('|')})$`,
});

/** aiscan rule id → the Spectral rule: `given` selects the resources of its type, `schema` is its assert. */
const RULES: Record<string, { given: string; schema: object }> = {
  'AIS-ML-001': {
    given: ofType('Microsoft.MachineLearningServices/workspaces'),
    schema: { type: 'object', required: ['properties'], properties: { properties: { type: 'object', required: ['publicNetworkAccess'], properties: { publicNetworkAccess: anyCase('Disabled') } } } },
  },
  'AIS-AKS-004': {
    given: ofType('Microsoft.ContainerService/managedClusters'),
    schema: { type: 'object', required: ['properties'], properties: { properties: { type: 'object', required: ['enableRBAC'], properties: { enableRBAC: { const: true } } } } },
  },
  'AIS-AKS-007': {
    given: ofType('Microsoft.ContainerService/managedClusters'),
    schema: { type: 'object', required: ['properties'], properties: { properties: { type: 'object', required: ['disableLocalAccounts'], properties: { disableLocalAccounts: { const: true } } } } },
  },
  'AIS-ID-001': {
    given: ofType('Microsoft.ContainerService/managedClusters'),
    schema: {
      type: 'object',
      required: ['identity'],
      properties: {
        identity: { type: 'object', required: ['type'], properties: { type: anyCase('SystemAssigned', 'UserAssigned') } },
        properties: { type: 'object', properties: { servicePrincipalProfile: { type: 'object', properties: { clientId: anyCase('msi') } } } },
      },
    },
  },
  // The estate holds pools inside their cluster (agentPoolProfiles), where aiscan's facts read them too.
  'AIS-AKS-010': {
    given: `${ofType('Microsoft.ContainerService/managedClusters')}.properties.agentPoolProfiles[*]`,
    schema: { type: 'object', properties: { enableNodePublicIP: { not: { const: true } } } },
  },
  'AIS-ML-002': {
    given: ofType('Microsoft.MachineLearningServices/workspaces/computes'),
    schema: {
      type: 'object',
      if: { properties: { properties: { type: 'object', required: ['computeType'], properties: { computeType: anyCase('AmlCompute') } } } },
      then: { required: ['properties'], properties: { properties: { type: 'object', required: ['properties'], properties: { properties: { type: 'object', required: ['enableNodePublicIP'], properties: { enableNodePublicIP: { const: false } } } } } } },
    },
  },
};

export const SPECTRAL_RULE_IDS = Object.keys(RULES);

/** Installs Spectral into `folder` (once) and returns the path of its CLI. */
export function installSpectral(folder: string): string {
  const cli = join(folder, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
  if (existsSync(cli)) return cli;
  const install = spawnSync('npm', ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', SPECTRAL_PACKAGE], { encoding: 'utf8' });
  if (install.status !== 0 || !existsSync(cli)) throw new Error(`could not install ${SPECTRAL_PACKAGE} into ${folder}: ${install.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return cli;
}

/** Writes the ruleset as Spectral's JSON ruleset format and returns its path. */
export function writeSpectralRuleset(folder: string): string {
  const file = join(folder, 'aiscan-six-rules.spectral.json');
  const rules = Object.fromEntries(
    Object.entries(RULES).map(([id, rule]) => [id, { given: rule.given, severity: 'error', message: `${id}: {{error}}`, then: { function: 'schema', functionOptions: { schema: rule.schema } } }]),
  );
  writeFileSync(file, JSON.stringify({ rules }, null, 2));
  return file;
}

/** The arguments of one Spectral run on `estate`, its results written as JSON to `out`. */
export function spectralArguments(cli: string, ruleset: string, estate: string, out: string): string[] {
  return [cli, 'lint', estate, '--ruleset', ruleset, '--format', 'json', '--output', out, '--quiet', '--fail-severity', 'hint'];
}
