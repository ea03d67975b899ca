import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Log } from 'sarif';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * UTF-16 with a byte order mark is what Windows PowerShell's `>` writes, and what the deploying
 * tools read: az reads a template as UTF-8, then UTF-16 (azure-cli's read_file_content), kubectl
 * transcodes a UTF-16 manifest (cli-runtime's FileVisitor, kubernetes/kubernetes#39008). A file
 * aiscan passed over as "not JSON" would be deployed unscanned, so each input kind, re-encoded,
 * must give the findings, lines and columns of its UTF-8 original.
 */

const INPUTS: Record<string, string> = {
  'estate.json': 'examples/estate/subscription-research.json',
  'template/main.json': 'test/fixtures/templates/avm-managed-cluster/main.json',
  'template/main.parameters.json': 'test/fixtures/templates/avm-managed-cluster/main.parameters.handwritten.json',
  'plan/plan.json': 'test/fixtures/terraform/handwritten-azurerm-example-aks-spot-node-pool/plan.json',
  'k8s/gpu-pod.yaml': 'test/fixtures/kubernetes/dcgm-exporter/gpu-pod.yaml',
};

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

function encoded(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-32le' || encoding === 'utf-32be') {
    const codes = [0xfeff, ...[...text].map((char) => char.codePointAt(0)!)];
    const bytes = Buffer.alloc(codes.length * 4);
    codes.forEach((code, index) => (encoding === 'utf-32le' ? bytes.writeUInt32LE(code, index * 4) : bytes.writeUInt32BE(code, index * 4)));
    return bytes;
  }
  const little = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf-16le' ? little : little.swap16();
}

describe('inputs written in UTF-16 (or UTF-32) with a byte order mark', () => {
  const tmp = useTempDir('aiscan-encodings-');

  async function scanFolder(encoding: Encoding): Promise<{ code: number; stdout: string; results: unknown[]; summary: unknown }> {
    // One folder for every encoding: a manifest's fingerprint holds its path.
    const folder = tmp.path('inputs');
    for (const [name, source] of Object.entries(INPUTS)) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), encoded(readFileSync(source, 'utf8'), encoding));
    }
    const out = tmp.path(`${encoding}-out`);
    const run = await runCli('scan', folder, '--subscription-id', '00000000-0000-0000-0000-000000000001', '--location', 'eastus', '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none');
    const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
    const results = (log.runs[0].results ?? []).map((result) => {
      const physical = result.locations![0].physicalLocation!;
      return { ruleId: result.ruleId, file: relative(folder, physical.artifactLocation!.uri!.replace(/^file:\/\//, '')), region: physical.region, message: result.message.text, fingerprints: result.partialFingerprints };
    });
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { inputSummary: { read: unknown; skipped: unknown[] } };
    return { code: run.code, stdout: run.stdout, results, summary: report.inputSummary };
  }

  let original: Awaited<ReturnType<typeof scanFolder>>;
  beforeAll(async () => {
    original = await scanFolder('utf-8');
  });

  it('the UTF-8 originals: every kind read, findings in each', () => {
    expect(original.code).toBe(0);
    expect(original.summary).toEqual({
      read: expect.arrayContaining([
        expect.objectContaining({ kind: 'estate', count: 1 }),
        expect.objectContaining({ kind: 'arm-template', count: 1 }),
        expect.objectContaining({ kind: 'arm-parameters', count: 1 }),
        expect.objectContaining({ kind: 'terraform-plan', count: 1 }),
        expect.objectContaining({ kind: 'kubernetes-manifest', count: 1 }),
      ]),
      skipped: [],
      ignored: 0,
    });
    const files = new Set(original.results.map((result) => (result as { file: string }).file));
    expect([...files].sort()).toEqual(['estate.json', 'k8s/gpu-pod.yaml', 'plan/plan.json', 'template/main.json']);
  });

  it.each(['utf-16le', 'utf-16be'] as const)('%s: the same inputs read, the same findings at the same lines and columns, with the same fingerprints', async (encoding) => {
    const scanned = await scanFolder(encoding);
    expect(scanned.code).toBe(0);
    expect(scanned.summary).toEqual(original.summary);
    expect(scanned.results).toEqual(original.results);
  });

  // Azure PowerShell reads templates and parameter files through .NET's StreamReader, which takes
  // UTF-32 by its byte order mark too; the other kinds are read alike, which no tool deploys unread.
  it.each(['utf-32le', 'utf-32be'] as const)('%s: the same inputs read, the same findings at the same lines and columns, with the same fingerprints', async (encoding) => {
    const scanned = await scanFolder(encoding);
    expect(scanned.code).toBe(0);
    expect(scanned.summary).toEqual(original.summary);
    expect(scanned.results).toEqual(original.results);
  });

  it('a UTF-32 file cut in the middle of a character, or holding a number that is no character, is an error that says where', async () => {
    const cut = tmp.write('cut32.json', encoded('[]', 'utf-32le').subarray(0, 10));
    const run = await runCli('scan', '--snapshot', cut, '--out', tmp.path('cut32-out'));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `aiscan: ${cut}:1:2: an estate file starts with a UTF-32LE byte order mark but is not valid UTF-32LE text (it ends in part of a character)\n` });
    const surrogate = encoded('{"a": "x"}', 'utf-32be');
    surrogate.writeUInt32BE(0xd800, 8 * 4);
    const template = tmp.write('surrogate.json', surrogate);
    const read = await runCli('scan', '--snapshot', template, '--out', tmp.path('surrogate-out'));
    expect({ code: read.code, stderr: read.stderr }).toEqual({ code: 2, stderr: `aiscan: ${template}:1:8: an estate file starts with a UTF-32BE byte order mark but is not valid UTF-32BE text (a number that is no Unicode character)\n` });
  });

  it('a UTF-16 file cut in the middle of a character, or holding half a surrogate pair, is an error that says where', async () => {
    const cut = tmp.write('cut.json', encoded('[]', 'utf-16le').subarray(0, 5));
    const run = await runCli('scan', '--snapshot', cut, '--out', tmp.path('cut-out'));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `aiscan: ${cut}:1:2: an estate file starts with a UTF-16LE byte order mark but is not valid UTF-16LE text (it ends in half a character)\n` });
    const half = tmp.write('half.yaml', encoded('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\ud800"\n', 'utf-16be'));
    const manifest = await runCli('scan', half, '--out', tmp.path('half-out'));
    expect({ code: manifest.code, stderr: manifest.stderr }).toEqual({ code: 2, stderr: `aiscan: ${half}:4:11: a Kubernetes manifest starts with a UTF-16BE byte order mark but is not valid UTF-16BE text (a surrogate without its pair)\n` });
  });
});
