import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../../src/package-info.js';
import { builtCli } from '../hardening/built-cli.js';
import { useTempDir } from '../helpers/temp.js';

/** Runs a script with `import … from 'aiscan'` resolved to the sources under test (transpiled), as a user's script would run against the package. */
function runWithApi(args: string[], trace?: string) {
  const index = join(dirname(dirname(builtCli())), 'src', 'index.js');
  return spawnSync(process.execPath, ['--import', packagePath('test', 'helpers', 'resolve-aiscan', 'register.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', AISCAN_INDEX_URL: pathToFileURL(index).href, ...(trace ? { AISCAN_RESOLVE_TRACE: trace } : {}) },
  });
}

describe('examples/api/scan.mjs, the runnable example of docs/api.md', () => {
  const tmp = useTempDir('aiscan-api-example-');

  test('scans the sample estate, prints the gating findings and writes SARIF and Markdown; exits as the CLI would', () => {
    const out = tmp.path('reports');
    const run = runWithApi([packagePath('examples', 'api', 'scan.mjs'), out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1); // the sample estate has high-severity findings
    expect(run.stdout).toMatch(/^high {5}AIS-AKS-001 {2}gpuh100 {2}\S+subscription-research\.json:\d+$/m);
    // As many resources as the two sample subscriptions hold (the sample grows with the rules).
    const resources = ['subscription-research.json', 'subscription-production.json']
      .map((name) => (JSON.parse(readFileSync(packagePath('examples', 'estate', name), 'utf8')) as { resources: unknown[] }).resources.length)
      .reduce((sum, count) => sum + count, 0);
    expect(run.stdout).toMatch(new RegExp(`^${resources} resources, \\d+ rules, findings by severity: \\{"high":\\d+`, 'm'));
    expect(run.stdout).toContain(`wrote ${join(out, 'aiscan.sarif')}, ${join(out, 'aiscan.md')}`);
    const sarif = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toMatch(/^aiscan-api-example\//);
    const gatingLines = run.stdout.split('\n').filter((line) => /^(critical|high) /.test(line));
    expect(gatingLines).toHaveLength(sarif.runs[0].results.filter((r: { level: string }) => r.level === 'error').length);
  });

  test('a script that only scans files never loads the Azure SDKs', () => {
    const trace = tmp.path('resolved.txt');
    const run = runWithApi(['--input-type=module', '-e', "const { scan } = await import('aiscan'); scan({ snapshots: [process.argv[1]] });", packagePath('examples', 'estate', 'subscription-production.json')], trace);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const resolved = readFileSync(trace, 'utf8').split('\n');
    expect(resolved.some((url) => url.endsWith('/src/index.js'))).toBe(true);
    expect(resolved.some((url) => url.includes('/node_modules/jsonc-parser/'))).toBe(true); // the trace sees dependencies (imported ones: src/load-on-use.ts requires others)
    expect(resolved.filter((url) => /@azure[/+]arm-|sources\/azure\/collect\.js/.test(url))).toEqual([]);
  });
});
