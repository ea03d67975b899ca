import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArmResource } from '../../../src/estate.js';
import { redactResource } from '../../../src/redaction/redact.js';
import { scan, type ScanResult } from '../../../src/scan.js';
import { SAMPLE_FILES } from '../../../support/emulator/collect-harness.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * Redaction must never take away what a built-in rule or fact reads. The sample estate holds no
 * secret, so it must scan the same redacted or not; and secrets added where people put them
 * (extension settings, custom data, webhooks) must not change any rule's outcome once redacted.
 */
const tmp = useTempDir('aiscan-redaction-rules-');

type Snapshot = { resources: ArmResource[] } & Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Snapshot;

function writeVariant(name: string, change: (resource: ArmResource) => ArmResource): string[] {
  return SAMPLE_FILES.map((file) => {
    const snapshot = read(file);
    return tmp.write(`${name}-${basename(file)}`, JSON.stringify({ ...snapshot, resources: snapshot.resources.map(change) }, null, 2));
  });
}

/** What a scan decided, independent of where the files are. */
function outcome(result: ScanResult) {
  return {
    counts: result.counts,
    findings: result.findings.map((f) => [f.ruleId, f.resourceId, f.failingPaths, f.message, f.region.startLine]),
    notEvaluated: result.notEvaluated,
    gaps: result.gaps,
  };
}
const scanned = (files: string[]) => outcome(scan({ snapshots: files, failOn: 'none', now: () => new Date('2026-11-21T03:00:00Z') }));

const SAS = 'https://stboot.blob.core.windows.net/s/run.sh?sv=2022-11-02&sp=r&se=2026-12-31T00:00:00Z&sig=c2lnbmF0dXJl%3D';
const customScript = (id: string) => ({
  id: `${id}/extensions/CustomScript`,
  name: 'CustomScript',
  type: 'Microsoft.Compute/virtualMachines/extensions',
  properties: {
    publisher: 'Microsoft.Azure.Extensions',
    type: 'CustomScript',
    typeHandlerVersion: '2.1',
    settings: { fileUris: [SAS], commandToExecute: 'bash run.sh --token hf_secret', storageAccountKey: 'a2V5' },
  },
});

/** Secrets where they occur in real estates, none of them in a field a rule reads. */
function withSecrets(resource: ArmResource): ArmResource {
  const properties = resource.properties as Record<string, any> | undefined;
  switch (resource.type) {
    case 'Microsoft.Compute/virtualMachines':
      return {
        ...resource,
        properties: { ...properties, osProfile: { ...properties?.osProfile, customData: 'I2Nsb3VkLWNvbmZpZw==' }, userData: 'ZXhwb3J0' },
        resources: [customScript(resource.id)],
      };
    case 'Microsoft.Compute/virtualMachineScaleSets': {
      const profile = properties?.virtualMachineProfile ?? {};
      const extensions = [{ name: 'CustomScript', properties: customScript(resource.id).properties }];
      return { ...resource, properties: { ...properties, virtualMachineProfile: { ...profile, extensionProfile: { extensions } } } };
    }
    case 'Microsoft.Insights/autoscaleSettings':
      return {
        ...resource,
        properties: { ...properties, notifications: [{ operation: 'Scale', webhooks: [{ serviceUri: `https://hooks.contoso.com/scale?code=k3y`, properties: { token: 't' } }] }] },
      };
    default:
      return { ...resource, tags: { ...resource.tags, bootstrap: SAS } };
  }
}

describe('redaction keeps every input of the built-in rules', () => {
  test('the sample estate scans identically before and after redaction (it holds no secret)', () => {
    const redacted = writeVariant('redacted', (resource) => redactResource(resource).resource);
    expect(scanned(redacted)).toEqual(scanned(SAMPLE_FILES));
  });

  test('secrets in extension settings, custom and user data, webhooks and tags change no outcome once redacted', () => {
    const leaking = writeVariant('secrets', withSecrets);
    const redacted = writeVariant('secrets-redacted', (resource) => {
      const { resource: clean, redacted: count } = redactResource(withSecrets(resource));
      expect(count).toBeGreaterThan(0);
      return clean;
    });
    const before = scanned(leaking);
    const after = scanned(redacted);
    expect(after.counts).toEqual(before.counts);
    expect(after.notEvaluated).toEqual(before.notEvaluated);
    // Regions may move (a marker is longer or shorter than the secret); what fails, where in the resource, may not.
    expect(after.findings.map(([rule, id, paths, message]) => [rule, id, paths, message])).toEqual(before.findings.map(([rule, id, paths, message]) => [rule, id, paths, message]));
    for (const file of redacted) expect(readFileSync(file, 'utf8')).not.toMatch(/hf_secret|sig=c2ln|code=k3y|I2Nsb3Vk|a2V5/);
  });
});
