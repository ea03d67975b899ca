import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { runCli, SAMPLE_ESTATE } from '../helpers/cli.js';
import { oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

/** A user rule that fails on the sample estate's GPU VMs. */
const userRule = {
  id: 'ACME-GPU-001',
  name: 'GpuVmRequiresCostCenterTag',
  title: 'GPU VMs carry a cost-center tag',
  severity: 'high',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  when: { properties: { facts: { properties: { gpu: { properties: { isGpu: { const: true } }, required: ['isGpu'] } }, required: ['gpu'] } } },
  assert: { required: ['tags'], properties: { tags: { required: ['acme-cost-center'] } } },
  message: 'GPU VM {name} has no acme-cost-center tag.',
  description: 'ACME charges GPU time back to the team that owns the VM.',
  remediation: { summary: 'Tag the VM with its cost center.' },
};

const DOCS = 'https://wiki.acme.example/security/rules/ACME-GPU-001';

describe('where a rule is documented (helpUri)', () => {
  const tmp = useTempDir();
  let withoutUri: ScanResult;
  let withUri: ScanResult;

  function folderWith(name: string, rule: object): string {
    const dir = tmp.path(name);
    mkdirSync(join(dir, 'finance'), { recursive: true });
    writeFileSync(join(dir, 'finance', 'ACME-GPU-001.json'), JSON.stringify(rule));
    return dir;
  }

  beforeAll(() => {
    const scanWith = (dir: string) => scan({ snapshots: SAMPLE_ESTATE, directories: [dir], builtin: false, failOn: 'none' });
    withoutUri = scanWith(folderWith('without', userRule));
    withUri = scanWith(folderWith('with', { ...userRule, helpUri: DOCS }));
    expect(withoutUri.findings.length).toBeGreaterThan(0);
  });

  const descriptor = (result: ScanResult) => (JSON.parse(renderSarif(result)) as Log).runs[0].tool.driver.rules![0];

  describe('a user rule without helpUri', () => {
    it('has no helpUri in SARIF: aiscan has no page for it', () => {
      expect(descriptor(withoutUri)).not.toHaveProperty('helpUri');
      expect(oasisSchemaErrors(JSON.parse(renderSarif(withoutUri)) as Log)).toEqual([]);
    });

    it('has no documentation link in the Markdown or HTML report', () => {
      expect(renderMarkdown(withoutUri)).not.toContain('Rule documentation');
      expect(renderHtml(withoutUri)).not.toContain('Rule documentation for');
    });

    it('has no documentation line in rules show', async () => {
      const result = await runCli('rules', 'show', 'ACME-GPU-001', '--rules', tmp.path('without'));
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('Documentation:');
    });
  });

  describe('a user rule with helpUri', () => {
    it('gives it to SARIF viewers', () => {
      expect(descriptor(withUri).helpUri).toBe(DOCS);
      expect(oasisSchemaErrors(JSON.parse(renderSarif(withUri)) as Log)).toEqual([]);
    });

    it('links it from the Markdown and HTML reports and rules show', async () => {
      expect(renderMarkdown(withUri)).toContain(`[Rule documentation](<${DOCS}>)`);
      expect(renderHtml(withUri)).toContain(`<a href="${DOCS}" rel="noopener noreferrer">Rule documentation for ACME-GPU-001</a>`);
      expect((await runCli('rules', 'show', 'ACME-GPU-001', '--rules', tmp.path('with'))).stdout).toContain(`Documentation: ${DOCS}`);
    });
  });

  it('built-in rules keep their page in aiscan\'s repository', () => {
    const builtin = scan({ snapshots: SAMPLE_ESTATE, failOn: 'none' });
    const rules = (JSON.parse(renderSarif(builtin)) as Log).runs[0].tool.driver.rules!;
    for (const rule of rules) expect(rule.helpUri).toMatch(new RegExp(`^https://.*/docs/rules/${rule.id}\\.md$`));
  });

  it.each([
    ['http, not https', 'http://wiki.acme.example/rules/x'],
    ['not a URL', 'see the wiki'],
    ['a user name before the host, which hides the real host', 'https://wiki.acme.example@evil.example/x'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses a helpUri that is %s, naming the file and /helpUri', async (_, uri) => {
    const result = await runCli('rules', 'validate', folderWith(`bad-${uri.length}-${uri.charCodeAt(4)}`, { ...userRule, helpUri: uri }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ACME-GPU-001\.json: at \/helpUri: /);
  });
});
