import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../src/index.js';
import { packagePath } from '../../src/package-info.js';
import { useTempDir } from '../helpers/temp.js';

const SAMPLE = [packagePath('examples', 'estate', 'subscription-research.json'), packagePath('examples', 'estate', 'subscription-production.json')];
const NOW = () => new Date('2026-12-01T00:00:00Z');

/** The names docs/api.md documents under its `###` headings (a heading may name several: "`EXIT`, `FAIL_ON_CHOICES`"). */
function documentedNames(): string[] {
  const doc = readFileSync(packagePath('docs', 'api.md'), 'utf8');
  return [...doc.matchAll(/^### (.+)$/gm)].flatMap(([, heading]) => [...heading.matchAll(/`([A-Za-z_]\w*)/g)].map((match) => match[1]));
}

describe('the programmatic API (src/index.ts, docs/api.md)', () => {
  const tmp = useTempDir('aiscan-api-');

  test('exports exactly the functions and constants docs/api.md documents', () => {
    expect(Object.keys(api).sort()).toEqual([...new Set(documentedNames())].sort());
  });

  test('package.json exports it: the file tsc emits for src/index.ts, with its declarations', () => {
    const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.main).toBe('dist/src/index.js');
    expect(pkg.files).toContain('dist');
  });

  test('scan gives the same result from files and from an estate loaded once', () => {
    const fromFiles = api.scan({ snapshots: SAMPLE, now: NOW });
    const estate = api.loadEstate(SAMPLE);
    const fromEstate = api.scan({ estate, now: NOW });
    expect(estate.resources).toHaveLength(fromFiles.resourceCount);
    expect(fromEstate.findings.map((f) => [f.ruleId, f.resourceId, f.region.startLine])).toEqual(fromFiles.findings.map((f) => [f.ruleId, f.resourceId, f.region.startLine]));
    expect(fromFiles.findings.length).toBeGreaterThan(0);
    expect(fromFiles.exitCode).toBe(api.EXIT.findings);
    expect(api.exitCodeFor(fromFiles.findings, 'none', fromFiles.gaps)).toBe(api.EXIT.clean);
  });

  test('writeReports writes what renderReports renders and returns the paths', () => {
    const result = api.scan({ snapshots: SAMPLE, now: NOW });
    const out = tmp.path('reports');
    const written = api.writeReports(result, ['sarif', 'md', 'sarif'], out, { category: 'api' });
    const rendered = api.renderReports(result, ['sarif', 'md'], out, { category: 'api' });
    expect(written).toEqual([join(out, 'aiscan.sarif'), join(out, 'aiscan.md')]);
    for (const file of written) expect(readFileSync(file, 'utf8')).toBe(rendered.get(file));
    expect(JSON.parse(readFileSync(written[0], 'utf8')).runs[0].automationDetails.id).toMatch(/^api\//);
  });

  test('writeReports writes all reports or none: one that cannot be written leaves the others as they were', () => {
    const result = api.scan({ snapshots: SAMPLE, now: NOW });
    const out = tmp.path('blocked');
    mkdirSync(join(out, 'aiscan.md'), { recursive: true }); // a folder where the Markdown report goes
    writeFileSync(join(out, 'aiscan.sarif'), 'the previous scan');
    expect(() => api.writeReports(result, ['sarif', 'md'], out)).toThrow();
    expect(readFileSync(join(out, 'aiscan.sarif'), 'utf8')).toBe('the previous scan');
  });

  test('scanOptionsFromSettings runs a scan as aiscan.config.json says', () => {
    const dir = tmp.path('configured');
    mkdirSync(dir);
    writeFileSync(join(dir, 'aiscan.config.json'), JSON.stringify({ rules: { exclude: ['AIS-AKS-001'] }, gate: { failOn: 'critical' }, reports: { formats: ['junit'] } }));
    const settings = api.resolveScanSettings({}, { cwd: dir });
    const result = api.scan({ ...api.scanOptionsFromSettings(settings), snapshots: SAMPLE, now: NOW });
    expect(result.rules.map((rule) => rule.id)).not.toContain('AIS-AKS-001');
    expect(result.findings.some((f) => f.ruleId === 'AIS-AKS-001')).toBe(false);
    expect(result.failOn).toBe('critical');
    expect(result.outcomes?.length).toBeGreaterThan(0); // JUnit needs every outcome, passes included
    expect(result.configChanges.length).toBeGreaterThan(0);
  });

  test('bad input is a UserError with one line', () => {
    const broken = tmp.write('broken.json', '{ "resources": [ ');
    for (const call of [() => api.loadEstate([broken]), () => api.scan({ snapshots: [broken] }), () => api.loadRules({ directories: [tmp.path('missing')] }), () => api.readBaseline(broken)]) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(api.isUserError(thrown)).toBe(true);
      expect((thrown as Error).message).not.toContain('\n');
    }
  });

  test('runRuleTests runs the tests beside a rule, and says which case broke', () => {
    const dir = tmp.path('team-rules', 'network');
    mkdirSync(dir, { recursive: true });
    for (const file of ['AIS-NET-002.json', 'AIS-NET-002.test.json']) copyFileSync(packagePath('rules', 'network', file), join(dir, file));
    const passing = api.runRuleTests([tmp.path('team-rules')]);
    expect(passing.map((r) => [r.rule?.id, r.status])).toEqual([['AIS-NET-002', 'passed']]);
    expect(api.ruleTestsExitCode(passing)).toBe(0);

    const tests = JSON.parse(readFileSync(join(dir, 'AIS-NET-002.test.json'), 'utf8'));
    const { paths: _paths, message: _message, ...broken } = tests.invalid[0];
    tests.valid.push(broken); // a case the rule fails, filed as one it passes
    writeFileSync(join(dir, 'AIS-NET-002.test.json'), JSON.stringify(tests));
    const failing = api.runRuleTests([tmp.path('team-rules')]);
    expect(failing[0].status).toBe('failed');
    expect(api.ruleTestsExitCode(failing)).toBe(1);
    expect(api.formatRuleTests(failing)).toMatch(/FAILED\s+AIS-NET-002/);
  });

  describe('collect refuses what it cannot do before it signs in', () => {
    const credential = {
      getToken: async () => {
        throw new Error('no sign-in was expected');
      },
    };
    const file = () => tmp.path('never-written.json');
    test.each([
      ['no scope', { credential }, /nothing to read/],
      ['no credential', { subscriptions: ['s'] }, /no credential/],
      ['a concurrency of 0', { credential, subscriptions: ['s'], concurrency: 0 }, /concurrency: expected a positive whole number/],
      ['a negative retry count', { credential, subscriptions: ['s'], retry: { maxRetries: -1 } }, /maxRetries/],
      ['an unknown cloud', { credential, subscriptions: ['s'], cloud: 'AzureMoon' }, /cloud: expected one of AzureCloud/],
      ['an http endpoint', { credential, subscriptions: ['s'], armEndpoint: 'http://127.0.0.1:9' }, /not HTTPS/],
    ])('%s', async (_, request, message) => {
      await expect(api.collect({ file: file(), ...request } as api.CollectRequest)).rejects.toThrow(message);
      expect(existsSync(file())).toBe(false);
    });
  });
});
