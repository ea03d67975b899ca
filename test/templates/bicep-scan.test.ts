import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Log } from 'sarif';
import { builtCli } from '../hardening/built-cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { bicepStatementLine } from '../helpers/template-lines.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * `aiscan scan` of real Bicep files (test/fixtures/bicep), the built CLI in its own process with a
 * stand-in Bicep CLI on PATH (none can be installed here) that prints the main.json Bicep compiled
 * beside each file, as the real one prints it. Lines are those of the `resource`/`module`
 * statements, read from the .bicep text.
 */

const FIXTURES = join('test', 'fixtures', 'bicep');
const CLUSTER = join(FIXTURES, 'managed-cluster', 'main.bicep');
const WORKSPACE = join(FIXTURES, 'ml-workspace', 'main.bicep');
const SYSTEM_PATH = ['/usr/bin', '/bin'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

describe('aiscan scan FILE.bicep (stand-in Bicep CLI)', () => {
  const tmp = useTempDir('aiscan-bicep-scan-');
  let bin = '';
  let runs = 0;
  let stubs = 0;
  beforeAll(() => {
    bin = builtCli();
  });

  /** A folder holding an executable `bicep` that answers --version as 0.30.23 would and runs `build` as `body` says. */
  function stub(build: string): string {
    const dir = tmp.path(`stub-${stubs++}`);
    mkdirSync(dir);
    const file = join(dir, 'bicep');
    writeFileSync(file, ['#!/bin/sh', 'if [ "$1" = "--version" ]; then echo "Bicep CLI version 0.30.23 (abc)"; exit 0; fi', '[ "$1" = "build" ] && [ "$3" = "--stdout" ] || exit 64', build, ''].join('\n'));
    chmodSync(file, 0o755);
    return dir;
  }
  /** Prints the template Bicep compiled from FILE: main.json beside main.bicep. */
  const compiles = () => stub('exec cat "${2%.bicep}.json"');

  /** Template parameter values through aiscan.config.json (the fixture has no parameter file of its own). */
  function config(name: string, parameters: Record<string, unknown>): string {
    return tmp.write(`${name}.config.json`, JSON.stringify({ templates: { parameters } }, null, 2));
  }
  /** The values of the hand-written parameter file written for this same compiled template (its fixture's SOURCES.md). */
  function clusterValues(): Record<string, unknown> {
    const file = join('test', 'fixtures', 'templates', 'avm-managed-cluster', 'main.parameters.handwritten.json');
    const { parameters } = parse(readFileSync(file, 'utf8')) as { parameters: Record<string, { value: unknown }> };
    return Object.fromEntries(Object.entries(parameters).map(([key, { value }]) => [key, value]));
  }

  function aiscan(env: NodeJS.ProcessEnv, ...args: string[]): Run {
    const out = tmp.path(`run-${runs++}`);
    const run = spawnSync(process.execPath, [bin, 'scan', ...args, '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none'], { encoding: 'utf8', env, timeout: 60_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, out };
  }
  const onPath = (dir: string): NodeJS.ProcessEnv => ({ PATH: [dir, ...SYSTEM_PATH].join(delimiter) });
  const sarifOf = (run: Run) => JSON.parse(readFileSync(join(run.out, 'aiscan.sarif'), 'utf8')) as Log;

  function expectValid(run: Run) {
    const file = join(run.out, 'aiscan.sarif');
    expect(oasisSchemaErrors(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    expect(multitoolViolations(file).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
  }

  describe('managed-cluster/main.bicep', () => {
    let run: Run;
    beforeAll(() => {
      run = aiscan(onPath(compiles()), CLUSTER, '--config', config('cluster', clusterValues()));
    });

    it('puts each finding on the line of the resource or module statement that declares it, in the .bicep file', () => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Read 1 Bicep file');
      const located = sarifOf(run)
        .runs[0].results!.map((result) => {
          const [location] = result.locations!;
          return [result.ruleId, location.physicalLocation!.artifactLocation!.uri, location.physicalLocation!.region!.startLine, location.logicalLocations![0].name];
        })
        .sort((a, b) => String(a).localeCompare(String(b)));
      const cluster = bicepStatementLine(CLUSTER, 'managedCluster');
      const pools = bicepStatementLine(CLUSTER, 'managedCluster_agentPools');
      expect(located).toEqual([
        ['AIS-AKS-001', CLUSTER, pools, 'managedCluster_agentPools › agentPool'],
        ['AIS-AKS-010', CLUSTER, pools, 'managedCluster_agentPools › agentPool'],
        // The Spot T4 pool of the parameters declares no Spot taint (AKS adds it; the template does not say so).
        ['AIS-AKS-011', CLUSTER, pools, 'managedCluster_agentPools › agentPool'],
        ['AIS-GOV-001', CLUSTER, cluster, 'managedCluster'],
      ]);
    });

    it('names the .bicep file as the only artifact, and writes SARIF the validators accept', () => {
      expect(sarifOf(run).runs[0].artifacts!.map((artifact) => artifact.location!.uri)).toEqual([CLUSTER]);
      expectValid(run);
    });

    test('does not declare the .bicep artifact application/json', () => {
      expect(sarifOf(run).runs[0].artifacts![0].mimeType).not.toBe('application/json');
    });
  });

  it('ml-workspace/main.bicep: the workspace finding on its resource statement', () => {
    const run = aiscan(onPath(compiles()), WORKSPACE, '--config', config('workspace', { name: 'mlw-bicep-fixture', sku: 'Basic' }));
    expect(run.stderr).toBe('');
    const results = sarifOf(run).runs[0].results!;
    expect(results.map((result) => [result.ruleId, result.locations![0].physicalLocation!.artifactLocation!.uri, result.locations![0].physicalLocation!.region!.startLine, result.locations![0].logicalLocations![0].name])).toEqual([
      ['AIS-ID-003', WORKSPACE, bicepStatementLine(WORKSPACE, 'workspace'), 'workspace'],
    ]);
    expectValid(run);
  });

  it('a folder holding main.bicep and the main.json Bicep compiled from it scans the .bicep file only, and lists the twin as skipped', () => {
    const run = aiscan(onPath(compiles()), join(FIXTURES, 'managed-cluster'), '--config', config('cluster-folder', clusterValues()));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Read 1 Bicep file; skipped 1 file');
    expect(run.stdout).toContain(`skipped ${join(FIXTURES, 'managed-cluster', 'main.json')}: compiled by Bicep from main.bicep beside it, which is scanned instead`);
    const sarif = sarifOf(run);
    expect(sarif.runs[0].artifacts!.map((artifact) => artifact.location!.uri)).toEqual([CLUSTER]);
    expect(new Set(sarif.runs[0].results!.map((result) => result.locations![0].physicalLocation!.artifactLocation!.uri))).toEqual(new Set([CLUSTER]));
  });

  it('a JSON parameter file named for the .bicep file is read with it, as az deployment group create -f main.bicep -p main.parameters.json reads it', () => {
    const folder = tmp.path('bicep-with-json-parameters');
    mkdirSync(folder);
    for (const name of ['main.bicep', 'main.json']) copyFileSync(join(FIXTURES, 'managed-cluster', name), join(folder, name));
    copyFileSync(join('test', 'fixtures', 'templates', 'avm-managed-cluster', 'main.parameters.handwritten.json'), join(folder, 'main.parameters.json'));
    const source = join(folder, 'main.bicep');
    // The parameter file's values, defaults overridden: local accounts stay enabled (AIS-AKS-007).
    const expected = ['AIS-AKS-001', 'AIS-AKS-007', 'AIS-AKS-010', 'AIS-AKS-011', 'AIS-GOV-001'];
    const walked = aiscan(onPath(compiles()), folder);
    expect(walked.stderr).toBe('');
    expect(walked.stdout).toContain('Read 1 Bicep file, 1 ARM parameter file; skipped 1 file');
    expect(walked.stdout).toContain(`skipped ${join(folder, 'main.json')}: compiled by Bicep from main.bicep beside it, which is scanned instead`);
    const results = sarifOf(walked).runs[0].results!;
    expect(results.map((result) => result.ruleId).sort()).toEqual(expected);
    expect(new Set(results.map((result) => result.locations![0].physicalLocation!.artifactLocation!.uri))).toEqual(new Set([`file://${source}`]));
    const named = aiscan(onPath(compiles()), source, '--parameters', join(folder, 'main.parameters.json'));
    expect(named.stderr).toBe('');
    expect(sarifOf(named).runs[0].results!.map((result) => result.ruleId).sort()).toEqual(expected);
  });

  describe('when Bicep cannot compile, the scan ends with exit 2 and one line, and writes no report', () => {
    const expectNoReport = (run: Run) => {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(join(run.out, 'aiscan.sarif'))).toBe(false);
      expect(existsSync(join(run.out, 'aiscan.json'))).toBe(false);
    };

    it('no Bicep CLI on PATH and no AISCAN_BICEP_PATH', () => {
      const run = aiscan({ PATH: '' }, CLUSTER);
      expectNoReport(run);
      expect(run.stderr).toBe(`aiscan: ${CLUSTER}: cannot compile Bicep: no Bicep CLI found (set AISCAN_BICEP_PATH, install bicep on PATH, or the Azure CLI with az bicep install)\n`);
    });

    it('the CLI exits 1 with a Bicep diagnostic on stderr', () => {
      const diagnostic = `${CLUSTER}(409,1) : Error BCP057: The name "foo" does not exist in the current context. [https://aka.ms/bicep/core-diagnostics#BCP057]`;
      const run = aiscan(onPath(stub(`echo '${diagnostic}' >&2\nexit 1`)), CLUSTER);
      expectNoReport(run);
      expect(run.stderr).toBe(`aiscan: ${CLUSTER}: the Bicep CLI failed: ${diagnostic}\n`);
    });

    it('the CLI runs longer than --bicep-timeout', () => {
      const dir = stub('exec sleep 30');
      const started = Date.now();
      const run = aiscan(onPath(dir), CLUSTER, '--bicep-timeout', '1');
      expect(Date.now() - started).toBeLessThan(20_000);
      expectNoReport(run);
      expect(run.stderr).toBe(`aiscan: ${CLUSTER}: the Bicep CLI did not finish within 1 s; it was stopped (${join(dir, 'bicep')})\n`);
    });
  });

  // The message offers "main.parameters.json beside it … or --parameters FILE", but a .bicep file
  // takes neither: --parameters pairs ARM templates only (here it is refused: "no template found
  // for it"). Only a .bicepparam or "templates": {"parameters": …} of aiscan.config.json give a
  // Bicep file its values.
  test('a Bicep file without a required parameter value is told what gives a Bicep file its values', () => {
    const run = aiscan(onPath(compiles()), CLUSTER);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aiscan: test\/fixtures\/bicep\/managed-cluster\/main\.bicep: no value for the parameters name, primaryAgentPoolProfiles, which have no default/);
    expect(run.stderr).toContain("give a parameter file (main.parameters.json beside it, a .bicepparam file with using 'main.bicep', or --parameters FILE), or a value in \"templates\": {\"parameters\": …} of aiscan.config.json");
  });
});
