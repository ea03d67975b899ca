import { readFileSync } from 'node:fs';
import { parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { Log } from 'sarif';
import { writeReportFiles } from '../../src/report/write-reports.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { scanDemoAudit } from '../helpers/demo-audit.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

describe('SARIF of the sample estate', () => {
  const tmp = useTempDir();
  let log: Log;
  let sarifFile: string;

  beforeAll(async () => {
    const result = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('reports'), '--fail-on', 'none', '--quiet');
    expect(result.stderr).toBe('');
    sarifFile = tmp.path('reports', 'aiscan.sarif');
    log = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
  });

  it('has findings to check', () => {
    expect(log.runs[0].results!.length).toBeGreaterThan(5);
  });

  it('is valid under the official OASIS SARIF 2.1.0 schema', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
  });

  it("has no errors or warnings under Microsoft's validator with the SARIF and GitHub rules", () => {
    expect(multitoolViolations(sarifFile).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
  });

  it('describes the tool and each rule as GitHub code scanning reads them', () => {
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'aiscan', semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), informationUri: expect.stringMatching(/^https:\/\//) });
    for (const rule of driver.rules!) {
      expect(rule.helpUri).toMatch(new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`));
      expect(rule.help!.markdown).toContain('**Fix.**');
      expect(Number(rule.properties!['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration!.level);
    }
  });

  it('gives every result a physical location whose region holds the offending property, and a logical location naming the resource', () => {
    const texts = new Map<string, string>();
    for (const result of log.runs[0].results!) {
      const [location] = result.locations!;
      const { artifactLocation, region } = location.physicalLocation!;
      expect(artifactLocation!.uriBaseId).toBe('SRCROOT');
      expect(artifactLocation!.uri).toMatch(/^examples\/estate\/subscription-\w+\.json$/);
      expect(location.logicalLocations![0].fullyQualifiedName).toBe(result.properties!.resourceId);

      const uri = artifactLocation!.uri!;
      if (!texts.has(uri)) texts.set(uri, readFileSync(uri, 'utf8'));
      const lines = texts.get(uri)!.split('\n');
      const line = lines[region!.startLine! - 1];
      const failing = (result.properties!.failingPaths as string[])[0];
      const lastKey = failing?.split(/[.[\]]/).filter(Boolean).pop();
      // The line names the failing property, or (when it is missing) opens the object that lacks it.
      const pointsAtProperty = lastKey !== undefined && line.includes(`"${lastKey}"`);
      // An empty enclosing object on one line (`"securityProfile": {},`) is the object that lacks it too.
      const opensEnclosingObject = /[{[]\s*$/.test(line) || /"\w+": [{[]\s*$/.test(line) || /"\w+": \{\},?\s*$/.test(line);
      expect({ ruleId: result.ruleId, line, ok: pointsAtProperty || opensEnclosingObject }).toMatchObject({ ok: true });
    }
  });

  it('points at the exact property when it is present', () => {
    const result = log.runs[0].results!.find((r) => r.ruleId === 'AIS-NET-001')!;
    const uri = result.locations![0].physicalLocation!.artifactLocation!.uri!;
    const region = result.locations![0].physicalLocation!.region!;
    const text = readFileSync(uri, 'utf8');
    expect(text.split('\n')[region.startLine! - 1].trim()).toBe('"enableAcceleratedNetworking": false,');
    const tree = parseTree(text)!;
    const resources = findNodeAtLocation(tree, ['resources'])!.children!;
    const nic = resources.find((node) => findNodeAtLocation(node, ['id'])?.value === result.properties!.resourceId)!;
    expect(nic).toBeDefined();
  });

  it('fingerprints each result from rule id and resource id only', () => {
    const prints = log.runs[0].results!.map((r) => r.partialFingerprints!['aiscanFinding/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    for (const print of prints) expect(print).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records the run for code scanning: automation id, invocation outcome', () => {
    expect(log.runs[0].automationDetails!.id).toMatch(/^aiscan\//);
    expect(log.runs[0].invocations![0].executionSuccessful).toBe(true);
  });
});

describe('SARIF for GitHub code scanning (--sarif-for github) that leaves results out', () => {
  const tmp = useTempDir();
  let log: Log;

  beforeAll(() => {
    // One run of five results: most of the audit is left out, and every run says so.
    writeReportFiles(scanDemoAudit(), ['sarif', 'json'], tmp.path('reports'), { sarifFor: 'github', githubLimits: { resultsPerRun: 5, runsPerFile: 1 } });
    log = JSON.parse(readFileSync(tmp.path('reports', 'aiscan.sarif'), 'utf8')) as Log;
  });

  it('says what it left out', () => {
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].invocations![0].toolExecutionNotifications!.map((notification) => notification.descriptor!.id)).toContain('AIS-SARIF-LEFT-OUT');
  });

  it('is valid under the official OASIS SARIF 2.1.0 schema', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
  });

  it("has no errors or warnings under Microsoft's validator with the SARIF and GitHub rules, nor has the full SARIF beside it", () => {
    for (const file of ['aiscan.sarif', 'aiscan.full.sarif']) {
      expect(multitoolViolations(tmp.path('reports', file)).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
    }
  });
});
