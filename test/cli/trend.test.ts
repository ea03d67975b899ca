import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { lastNightsEstate, SAMPLE_ESTATE } from '../../support/demo-audit.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

describe('aiscan trend SARIF…', () => {
  const tmp = useTempDir('aiscan-trend-cli-');
  let night1: string;
  let night2: string;

  beforeAll(async () => {
    const scan = async (out: string, snapshots: readonly string[], ...more: string[]) => {
      const result = await runCli('scan', ...snapshots.flatMap((file) => ['-s', file]), '--out', out, '-f', 'sarif', '--fail-on', 'none', '-q', ...more);
      expect(result.stderr).toBe('');
      return `${out}/aiscan.sarif`;
    };
    night1 = await scan(tmp.path('night1'), lastNightsEstate(tmp.path('estate')));
    night2 = await scan(tmp.path('night2'), SAMPLE_ESTATE, '--baseline', night1);
  });

  it('writes aiscan-trend.md and aiscan-trend.html into --out, whatever order the files come in, and says where things stand', async () => {
    const out = tmp.path('reports');
    const run = await runCli('trend', night2, night1, '--out', out);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^aiscan trend: 2 run\(s\); latest: \d+ open \(\d+ critical, \d+ high, \d+ medium, \d+ low, \d+ info\), 0 suppressed, 0 not re-checked; 1 fixed, mean time to fix ≥ 0 days \(median ≥ 0 days, 1 fixed finding\)\n/);
    expect(run.stdout).toContain(`\nWrote ${out}/aiscan-trend.md, ${out}/aiscan-trend.html\n`);
    const markdown = readFileSync(`${out}/aiscan-trend.md`, 'utf8');
    expect(markdown).toMatch(/^# aiscan trend\n\n\*\*2 runs\*\*/);
    expect(markdown).toMatch(/\n\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \| 0 \| \d+ \| \d+ \| \d+ \| \d+ \| 0 \| 0 \| 1 \| 1 \|  \|\n/);
    expect(markdown.indexOf(night1)).toBeLessThan(markdown.indexOf(night2));
    expect(readFileSync(`${out}/aiscan-trend.html`, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<svg role="img"/);
  });

  it('one file is a trend of one point; --format, --top and --expiring-within choose what is written', async () => {
    const out = tmp.path('one');
    const run = await runCli('trend', night2, '--out', out, '--format', 'md', '--top', '3', '--expiring-within', '7', '-q');
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(`${out}/aiscan-trend.html`)).toBe(false);
    const markdown = readFileSync(`${out}/aiscan-trend.md`, 'utf8');
    expect(markdown).toContain('**1 run**');
    expect(markdown).toMatch(/## Oldest open findings \(3 of \d+\)/);
    expect(markdown).toContain('## Suppressions ending within 7 days, and expired');
  });

  it('exits 2 with one line for a bad flag or no file, and writes nothing', async () => {
    expect(await runCli('trend', night1, '--top', '0', '--out', tmp.path('bad'))).toMatchObject({ code: 2, stderr: 'aiscan: trend: --top must be a whole number of at least 1, not 0\n' });
    expect(await runCli('trend', night1, '--expiring-within', '-1', '--out', tmp.path('bad'))).toMatchObject({
      code: 2,
      stderr: 'aiscan: trend: --expiring-within must be a whole number of days, 0 or more, not -1\n',
    });
    const none = await runCli('trend', '--out', tmp.path('bad'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^aiscan: Not enough non-option arguments: got 0, need at least 1\n$/);
    expect(existsSync(tmp.path('bad'))).toBe(false);
  });

  it('exits 2 naming the file for a missing or foreign file, or the same scan given twice, and leaves the reports as they were', async () => {
    const out = tmp.path('kept');
    await runCli('trend', night1, night2, '--out', out, '-q');
    const before = readFileSync(`${out}/aiscan-trend.md`, 'utf8');

    const missing = tmp.path('missing.sarif');
    expect(await runCli('trend', night1, missing, '--out', out)).toMatchObject({ code: 2, stderr: `aiscan: ${missing}: cannot read a SARIF file: no such file\n` });

    const codeql = tmp.path('codeql.sarif');
    writeFileSync(codeql, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'CodeQL' } }, results: [] }] }));
    expect(await runCli('trend', night1, codeql, '--out', out)).toMatchObject({
      code: 2,
      stderr: `aiscan: trend: ${codeql}: at /runs/0/tool/driver/name: written by "CodeQL", not by aiscan; expected a SARIF file written by aiscan scan\n`,
    });

    const copy = tmp.path('copy.sarif');
    writeFileSync(copy, readFileSync(night2));
    const twice = await runCli('trend', night1, night2, copy, '--out', out);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(new RegExp(`^aiscan: trend: ${night2} and ${copy} have the same start time \\(.+\\): the same scan given twice\\? Give each night's SARIF once\\n$`));

    expect(readFileSync(`${out}/aiscan-trend.md`, 'utf8')).toBe(before);
  });

  it('has every option docs/trend.md documents, and no other', async () => {
    const help = (await runCli('trend', '--help')).stdout;
    const table = readFileSync('docs/trend.md', 'utf8').split('\n## ')[0];
    const documented = [...table.matchAll(/^\| `(?:-\w, )?(--[\w-]+)/gm)].map(([, option]) => option);
    const offered = [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map(([, option]) => option).filter((option) => !['--help', '--version', '--verbose'].includes(option));
    expect(documented.sort()).toEqual(offered.sort());
  });
});
