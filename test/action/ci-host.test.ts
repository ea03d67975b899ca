import { readFileSync, writeFileSync } from 'node:fs';
import { azureCommandData, azureCommandProperty, detectHost, githubCommandData, HostError } from '../../src/action/ci-host.js';
import { GITHUB_SUMMARY_LIMIT_BYTES } from '../../src/report/markdown-fit.js';
import { useTempDir } from '../helpers/temp.js';
import { parseGithubOutputFile } from './github-output-file.js';

function printed(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

describe('the CI host', () => {
  const tmp = useTempDir('aiscan-ci-host-');

  it('is Azure Pipelines with TF_BUILD=True, GitHub Actions with GITHUB_OUTPUT or GITHUB_ACTIONS, else local', () => {
    const { print } = printed();
    expect(detectHost({ TF_BUILD: 'True', GITHUB_OUTPUT: '/x' }, print).kind).toBe('azure-pipelines');
    expect(detectHost({ GITHUB_OUTPUT: '/x' }, print).kind).toBe('github');
    expect(detectHost({ GITHUB_ACTIONS: 'true' }, print).kind).toBe('github');
    expect(detectHost({ TF_BUILD: 'False' }, print).kind).toBe('local');
  });

  describe('GitHub Actions', () => {
    it('appends outputs to $GITHUB_OUTPUT, after what is there', () => {
      const file = tmp.write('output', 'earlier=1\n');
      detectHost({ GITHUB_OUTPUT: file }, printed().print).setOutputs([
        ['exit-code', '1'],
        ['sarif-file', '/w/x\ny=z'],
      ]);
      expect(Object.fromEntries(parseGithubOutputFile(readFileSync(file, 'utf8')))).toEqual({ earlier: '1', 'exit-code': '1', 'sarif-file': '/w/x\ny=z' });
    });

    it('cannot run without GITHUB_OUTPUT', () => {
      expect(() => detectHost({ GITHUB_ACTIONS: 'true' }, printed().print).setOutputs([['exit-code', '0']])).toThrow(HostError);
    });

    it('appends the report to the step summary, cut to what the summary can still take', () => {
      const summary = tmp.write('summary', 'x'.repeat(GITHUB_SUMMARY_LIMIT_BYTES - 100_000));
      const report = tmp.write('aiscan.md', Array.from({ length: 20_000 }, (_, i) => `| line ${i} |`).join('\n'));
      const { lines, print } = printed();
      detectHost({ GITHUB_OUTPUT: tmp.path('o'), GITHUB_STEP_SUMMARY: summary }, print).addSummary(report, 'reports/aiscan.md');
      const text = readFileSync(summary, 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(GITHUB_SUMMARY_LIMIT_BYTES);
      expect(text).toContain('| line 0 |');
      expect(text).not.toContain('| line 19999 |');
      expect(text.trimEnd()).toMatch(/cut to fit GitHub's 1 MiB step-summary limit.*The full report is `reports\/aiscan\.md`/);
      expect(lines).toEqual([]);
    });

    it('appends a report that fits as it is', () => {
      const summary = tmp.write('summary2', '');
      const report = tmp.write('small.md', '# aiscan\n\nPASS\n');
      detectHost({ GITHUB_OUTPUT: tmp.path('o'), GITHUB_STEP_SUMMARY: summary }, printed().print).addSummary(report, 'reports/aiscan.md');
      expect(readFileSync(summary, 'utf8')).toBe('# aiscan\n\nPASS\n');
    });

    it('warns instead when the summary is full', () => {
      const summary = tmp.write('summary3', 'x'.repeat(GITHUB_SUMMARY_LIMIT_BYTES - 10));
      const report = tmp.write('small2.md', '# aiscan\n');
      const { lines, print } = printed();
      detectHost({ GITHUB_OUTPUT: tmp.path('o'), GITHUB_STEP_SUMMARY: summary }, print).addSummary(report, 'reports/aiscan.md');
      expect(readFileSync(summary, 'utf8')).toHaveLength(GITHUB_SUMMARY_LIMIT_BYTES - 10);
      expect(lines).toEqual(['::warning::the job summary is full: see reports/aiscan.md']);
    });

    it('writes an error as one workflow command, whatever the message holds', () => {
      const { lines, print } = printed();
      detectHost({ GITHUB_OUTPUT: '/x' }, print).error('bad "a\nb" 100% \r::add-mask::x ##vso[task.complete result=Failed]');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^::error::bad /);
      expect(lines[0]).not.toMatch(/[\r\n]/);
      expect(lines[0]).toContain('100%25');
      expect(lines[0]).not.toContain('##vso[');
    });
  });

  describe('Azure Pipelines', () => {
    it('sets output variables with logging commands', () => {
      const { lines, print } = printed();
      detectHost({ TF_BUILD: 'True' }, print).setOutputs([
        ['exit-code', '1'],
        ['sarif-file', 'D:\\a\\1\\s\\50%;]\n##vso[task.setvariable variable=verdict]pass'],
        ['total', '63'],
      ]);
      expect(lines).toEqual([
        '##vso[task.setvariable variable=exitCode;isOutput=true]1',
        '##vso[task.setvariable variable=sarifFile;isOutput=true]D:\\a\\1\\s\\50%AZP25;]%0A##vso[task.setvariable variable=verdict]pass',
        '##vso[task.setvariable variable=total;isOutput=true]63',
      ]);
    });

    it('uploads the report as the build summary, a cut copy beside it when it must be cut', () => {
      const { lines, print } = printed();
      const small = tmp.write('fits.md', '# aiscan\n');
      const host = detectHost({ TF_BUILD: 'True' }, print);
      host.addSummary(small, 'reports/fits.md');
      const large = tmp.write('large.md', `${'x'.repeat(100)}\n`.repeat(12_000));
      host.addSummary(large, 'reports/large.md');
      expect(lines).toEqual([`##vso[task.uploadsummary]${small}`, `##vso[task.uploadsummary]${tmp.path('large.summary.md')}`]);
      expect(Buffer.byteLength(readFileSync(tmp.path('large.summary.md')))).toBeLessThanOrEqual(GITHUB_SUMMARY_LIMIT_BYTES);
    });

    it('writes an error as one logging command', () => {
      const { lines, print } = printed();
      detectHost({ TF_BUILD: 'true' }, print).error('bad\n##vso[task.complete result=Succeeded]100%');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^##vso\[task\.logissue type=error\]bad /);
      expect(lines[0].indexOf('##vso[', 1)).toBe(-1);
      expect(lines[0]).toContain('100%AZP25');
    });
  });

  it('escapes command data and properties as the runners read them', () => {
    expect(githubCommandData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(azureCommandData('a%b\r\nc;]')).toBe('a%AZP25b%0D%0Ac;]');
    expect(azureCommandProperty('a%b\r\nc;]')).toBe('a%AZP25b%0D%0Ac%3B%5D');
  });

  it('prints outputs locally', () => {
    const { lines, print } = printed();
    const host = detectHost({}, print);
    host.setOutputs([['verdict', 'pass']]);
    writeFileSync(tmp.path('l.md'), '#');
    host.addSummary(tmp.path('l.md'), 'reports/l.md');
    expect(lines).toEqual(['verdict=pass', 'summary: reports/l.md']);
  });
});
