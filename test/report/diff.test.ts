import { lastNightsEstate } from '../../support/demo-audit.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';
import { readFileSync } from 'node:fs';

describe('aiscan diff OLD.sarif NEW.sarif', () => {
  const tmp = useTempDir('aiscan-diff-');
  let before: string;
  let after: string;

  beforeAll(async () => {
    const lastNight = lastNightsEstate(tmp.path('estate'));
    await runCli('scan', ...lastNight.flatMap((f) => ['-s', f]), '--out', tmp.path('before'), '-f', 'sarif', '--fail-on', 'none', '-q');
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('after'), '-f', 'sarif', '--fail-on', 'none', '-q');
    before = tmp.path('before', 'aiscan.sarif');
    after = tmp.path('after', 'aiscan.sarif');
  });

  it('prints new, fixed and unchanged findings as terminal text', async () => {
    const run = await runCli('diff', before, after);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^aiscan diff .*before/aiscan.sarif → .*after/aiscan.sarif: 1 new, 1 fixed, 0 updated, \\d+ unchanged$`));
    expect(run.stdout).toMatch(/\nNew \(1\):\n {2}\+ high {5}AIS-AKS-001 {3}GPU node pool gpuh100/);
    expect(run.stdout).toMatch(/\nFixed \(1\):\n {2}- high {5}AIS-NET-001 {3}NIC nic-vm-h100-train01-eth0/);
    expect(run.stdout).toMatch(/\nUnchanged \(\d+\):\n/);
  });

  it('prints Markdown with --format md and writes it with --out', async () => {
    const run = await runCli('diff', before, after, '--format', 'md', '--out', tmp.path('diff.md'));
    expect(run.stdout).toMatch(/^# aiscan diff\n\n`[^`]+` → `[^`]+`: \*\*1 new, 1 fixed, 0 updated, \d+ unchanged\*\*/);
    expect(run.stdout).toContain('## New (1)\n\n| severity | rule | resource | finding |');
    expect(readFileSync(tmp.path('diff.md'), 'utf8')).toBe(run.stdout);
  });

  it('exits 1 when a new finding reaches --fail-on, for pipelines that gate on the diff', async () => {
    expect((await runCli('diff', before, after, '--fail-on', 'high', '-q')).code).toBe(1);
    expect((await runCli('diff', before, after, '--fail-on', 'critical', '-q')).code).toBe(0);
    expect((await runCli('diff', after, after, '--fail-on', 'info', '-q')).code).toBe(0);
  });

  it('names the argument that is not an aiscan SARIF', async () => {
    const bogus = tmp.write('bogus.sarif', '{"version": "2.1.0"}');
    expect(await runCli('diff', bogus, after)).toMatchObject({ code: 2, stderr: `aiscan: diff: old ${bogus}: at /runs: missing required property "runs"; expected a SARIF file written by aiscan scan\n` });
  });
});
