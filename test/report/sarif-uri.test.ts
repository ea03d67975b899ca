import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import { artifactUri, rewrittenBaselineUri } from '../../src/report/artifact-uri.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan } from '../../src/scan.js';
import { runCli } from '../helpers/cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

/** File names that are not URIs as they are, inside the source root, in a folder of it, and outside it. */
const INSIDE = ['with space.json', '100%.json', 'hash#tag.json', 'question?.json', 'ünïcødé 名前.json', 'brackets[1]|pipe^.json', 'colon:first.json', join('sub dir', 'nested #2.json')];
const OUTSIDE = join('..', 'outside root', 'x y#1.json');

/** An RFC 3986 relative reference with no dot segments, or an absolute file URI: nothing else. */
const RELATIVE_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-F]{2})+(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})+)*$/;
const FILE_URI = /^file:\/\/\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$/;

/** A GPU VM and its NIC without accelerated networking (one AIS-NET-001 finding), ids unique to `n`. */
function estate(n: number): string {
  const base = `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-${n}/providers`;
  return JSON.stringify(
    [
      {
        id: `${base}/Microsoft.Compute/virtualMachines/vm${n}`,
        name: `vm${n}`,
        type: 'Microsoft.Compute/virtualMachines',
        location: 'eastus',
        properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' }, networkProfile: { networkInterfaces: [{ id: `${base}/Microsoft.Network/networkInterfaces/nic${n}` }] } },
      },
      { id: `${base}/Microsoft.Network/networkInterfaces/nic${n}`, name: `nic${n}`, type: 'Microsoft.Network/networkInterfaces', location: 'eastus', properties: { enableAcceleratedNetworking: false } },
    ],
    null,
    2,
  );
}

function resultsOf(log: Log): Result[] {
  return log.runs[0].results ?? [];
}

/** The file a result's location names, resolved as a SARIF consumer resolves it. */
function fileOf(log: Log, result: Result): string {
  const { uri, uriBaseId } = result.locations![0].physicalLocation!.artifactLocation!;
  const base = uriBaseId ? log.runs[0].originalUriBaseIds![uriBaseId].uri! : undefined;
  return fileURLToPath(new URL(uri!, base));
}

describe('SARIF artifact URIs of files with any name, anywhere', () => {
  const tmp = useTempDir('aiscan-sarif-uri-');
  let root: string;
  let files: string[];
  let sarifFile: string;
  let log: Log;

  beforeAll(() => {
    root = tmp.path('source root [1]');
    files = [...INSIDE, OUTSIDE].map((name, n) => {
      const file = resolve(root, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, estate(n));
      return file;
    });
    // The earlier scan: every file; then the first file's NIC is fixed, and the scan runs again against it.
    const before = tmp.path('before.sarif');
    writeFileSync(before, renderSarif(scan({ snapshots: files, failOn: 'none' }), { sourceRoot: root }));
    writeFileSync(files[0], estate(0).replace('"enableAcceleratedNetworking": false', '"enableAcceleratedNetworking": true'));
    sarifFile = tmp.path('after.sarif');
    writeFileSync(sarifFile, renderSarif(scan({ snapshots: files, failOn: 'none', baseline: before }), { sourceRoot: root }));
    log = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
  });

  it('has a result per file and one fixed since the baseline', () => {
    const net = resultsOf(log).filter((r) => r.ruleId === 'AIS-NET-001');
    expect(net.filter((r) => r.baselineState !== 'absent')).toHaveLength(files.length - 1);
    expect(net.filter((r) => r.baselineState === 'absent')).toHaveLength(1);
  });

  it('writes a percent-encoded reference relative to SRCROOT inside it, an absolute file URI with no base outside it', () => {
    for (const result of resultsOf(log)) {
      const location = result.locations![0].physicalLocation!.artifactLocation!;
      const outside = fileOf(log, result) === files[files.length - 1];
      if (outside) expect(location).toEqual({ uri: expect.stringMatching(FILE_URI), index: expect.any(Number) });
      else expect(location).toEqual(expect.objectContaining({ uri: expect.stringMatching(RELATIVE_REFERENCE), uriBaseId: 'SRCROOT' }));
    }
    expect(log.runs[0].originalUriBaseIds!.SRCROOT.uri).toMatch(/^file:\/\/\/.*\/source%20root%20%5B1%5D\/$/);
    for (const artifact of log.runs[0].artifacts!) expect(artifact.location!.uri).toMatch(artifact.location!.uriBaseId ? RELATIVE_REFERENCE : FILE_URI);
  });

  it('names, once resolved, the very file the finding is in, whose line the region points at', () => {
    const named = new Set<string>();
    for (const result of resultsOf(log).filter((r) => r.ruleId === 'AIS-NET-001')) {
      const file = fileOf(log, result);
      named.add(file);
      const line = readFileSync(file, 'utf8').split('\n')[result.locations![0].physicalLocation!.region!.startLine! - 1];
      expect(line.trim()).toMatch(/^"enableAcceleratedNetworking": (false|true)$/);
    }
    expect([...named].sort()).toEqual([...files].sort());
  });

  it('is valid under the OASIS SARIF 2.1.0 schema', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
  });

  it("has no errors or warnings under Microsoft's validator with the SARIF and GitHub rules", () => {
    expect(multitoolViolations(sarifFile).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
  });
});

describe('the baseline and aiscan diff still match findings, whatever the URIs', () => {
  const tmp = useTempDir('aiscan-sarif-uri-gate-');

  it('a scan of files outside the working directory, with hostile names, against its own SARIF: nothing new, nothing fixed', async () => {
    const names = ['a b#1.json', '50%?.json', 'ü.json'];
    const snapshots = names.map((name, n) => tmp.write(name, estate(n)));
    const args = snapshots.flatMap((file) => ['--snapshot', file]);
    await runCli('scan', ...args, '--out', tmp.path('first'), '--format', 'sarif', '--fail-on', 'none', '--quiet');
    const first = tmp.path('first', 'aiscan.sarif');
    const uris = resultsOf(JSON.parse(readFileSync(first, 'utf8')) as Log).map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!);
    expect(uris.every((uri) => FILE_URI.test(uri))).toBe(true);

    const again = await runCli('scan', ...args, '--out', tmp.path('second'), '--format', 'sarif', '--fail-on', 'none', '--baseline', first);
    expect(again.stdout).toMatch(/Against .*: 0 new, \d+ unchanged, 0 updated, 0 fixed/);
    const diff = await runCli('diff', first, tmp.path('second', 'aiscan.sarif'));
    expect(diff.stdout).toMatch(/: 0 new, 0 fixed, 0 updated, \d+ unchanged\n/);
  });

  it('a baseline written before URIs were encoded (raw paths, ../) still matches, and its fixed findings get valid URIs', async () => {
    const root = tmp.path('root');
    const inside = resolve(root, 'old style #1.json');
    const outside = tmp.write('old outside.json', estate(2));
    mkdirSync(root, { recursive: true });
    writeFileSync(inside, estate(1));
    const first = scan({ snapshots: [inside, outside], failOn: 'none' });
    const legacy = JSON.parse(renderSarif(first, { sourceRoot: root })) as Log;
    // What aiscan wrote before: the path relative to the source root, unencoded, climbing out with ../.
    for (const result of resultsOf(legacy)) {
      const location = result.locations![0].physicalLocation!.artifactLocation!;
      location.uri = relative(root, fileOf(legacy, result)).split(sep).join('/');
      location.uriBaseId = 'SRCROOT';
    }
    const baseline = tmp.write('legacy.sarif', JSON.stringify(legacy));
    writeFileSync(inside, estate(1).replace('"enableAcceleratedNetworking": false', '"enableAcceleratedNetworking": true'));
    writeFileSync(outside, estate(2).replace('"enableAcceleratedNetworking": false', '"enableAcceleratedNetworking": true'));

    const second = scan({ snapshots: [inside, outside], failOn: 'none', baseline });
    expect(second.findings.filter((f) => f.baselineState === 'new')).toEqual([]);
    const log = JSON.parse(renderSarif(second, { sourceRoot: root })) as Log;
    const fixed = resultsOf(log).filter((r) => r.baselineState === 'absent');
    expect(fixed.map((r) => r.ruleId)).toEqual(['AIS-NET-001', 'AIS-NET-001']);
    expect(fixed.map((r) => fileOf(log, r)).sort()).toEqual([inside, outside].sort());
    expect(oasisSchemaErrors(log)).toEqual([]);
  });
});

describe('artifactUri and rewrittenBaselineUri', () => {
  const root = resolve('/srv/checkout');
  const base = pathToFileURL(root + sep).href;

  it.each([
    ['with space.json', 'with%20space.json'],
    ['100%.json', '100%25.json'],
    ['a#b?c.json', 'a%23b%3Fc.json'],
    ['colon:first/x.json', 'colon%3Afirst/x.json'],
    ['ü/名.json', '%C3%BC/%E5%90%8D.json'],
    ["keeps-sub.delims!$&'()*+,;=@~.json", "keeps-sub.delims!$&'()*+,;=@~.json"],
  ])('%s inside the source root: %s, relative to it', (name, uri) => {
    expect(artifactUri(join(root, name), root, 'SRCROOT')).toEqual({ uri, uriBaseId: 'SRCROOT' });
    expect(fileURLToPath(new URL(uri, base))).toBe(join(root, name));
  });

  it('a file outside the source root: an absolute file URI, no base', () => {
    expect(artifactUri(resolve(root, '..', 'other [x].json'), root, 'SRCROOT')).toEqual({ uri: 'file:///srv/other%20%5Bx%5D.json' });
  });

  it.each([
    ['examples/estate/a.json', { uri: 'examples/estate/a.json', uriBaseId: 'SRCROOT' }],
    ['file:///srv/other%20x.json', { uri: 'file:///srv/other%20x.json' }],
    ['old style #1.json', { uri: 'old%20style%20%231.json', uriBaseId: 'SRCROOT' }],
    ['100%.json', { uri: '100%25.json', uriBaseId: 'SRCROOT' }],
    ['../outside.json', { uri: 'file:///srv/outside.json' }],
    ['sub/../x.json', { uri: 'x.json', uriBaseId: 'SRCROOT' }],
  ])('a baseline URI %s is written as %j', (uri, expected) => {
    expect(rewrittenBaselineUri(uri, root, 'SRCROOT')).toEqual(expected);
  });
});
