import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

// A VM as the REST API returns it, with a SAS URL in a tag and in an extension (see test/redaction/secrets/).
const vm = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'redaction', 'secrets', 'vm-custom-script.json'), 'utf8')) as Record<string, unknown>;
const SIGNATURES = ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo', 'b3RoZXJzaWduYXR1cmVfdmFsdWVfMTIzNDU2Nzg'];

describe('evidence copied from an estate file aiscan did not collect (never redacted)', () => {
  const tmp = useTempDir('aiscan-evidence-');

  it('reaches no report with a secret in it: the snippet is redacted as a collected snapshot would be', async () => {
    const file = tmp.write('az-rest-output.json', JSON.stringify({ value: [vm] }, null, 2));
    expect(readFileSync(file, 'utf8')).toContain(SIGNATURES[0]);
    const out = tmp.path('out');
    const result = await runCli('scan', '--snapshot', file, '--out', out, '--format', 'sarif', 'json', 'md', 'html', 'junit', '--fail-on', 'none');
    expect(result.code).toBe(0);
    const reports = readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')] as const);
    expect(reports.map(([name]) => name).sort()).toEqual(['aiscan.html', 'aiscan.json', 'aiscan.junit.xml', 'aiscan.md', 'aiscan.sarif']);
    for (const [name, text] of reports) for (const signature of SIGNATURES) expect([name, text.includes(signature)]).toEqual([name, false]);
    // The evidence is still there, with the parameter kept and its value marked.
    expect(reports.find(([name]) => name === 'aiscan.junit.xml')![1]).toContain('sig=[redacted by aiscan: URL SAS signature]');
  });

  it('redacts a secret written on the line a manifest finding points at, in every report', async () => {
    const key = 'c2VjcmV0LWtleS1pbi1hLW1hbmlmZXN0LTEyMzQ1Njc4OTA=';
    // The container written in flow style: AIS-K8S-007 points at its line, which holds the connection string.
    const manifest = tmp.write(
      'trainer.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: trainer\n  namespace: ml\nspec:\n  tolerations: [{key: nvidia.com/gpu, operator: Exists}]\n  containers:\n  - {name: train, image: nvcr.io/nvidia/pytorch:24.05-py3, env: [{name: STORAGE, value: "DefaultEndpointsProtocol=https;AccountName=mlstore;AccountKey=${key}"}], resources: {limits: {nvidia.com/gpu: 1}}}\n`,
    );
    const out = tmp.path('manifest-out');
    const result = await runCli('scan', manifest, '--out', out, '--format', 'sarif', 'json', 'md', 'html', 'junit', '--fail-on', 'none');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AIS-K8S-007');
    const reports = readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')] as const);
    expect(reports).toHaveLength(5);
    for (const [name, text] of reports) expect([name, text.includes(key)]).toEqual([name, false]);
    expect(reports.find(([name]) => name === 'aiscan.junit.xml')![1]).toContain('AccountKey=[redacted by aiscan');
  });
});
