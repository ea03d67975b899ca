import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtCli } from '../hardening/built-cli.js';
import { SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * A SARIF log can come from standard input where a command takes one: `aiscan diff - new.sarif`,
 * `aiscan trend -`, `--baseline=-` (yargs reads `--baseline -` as no value at all). It is read
 * whole there, since a pipe cannot be read in parts, and gives what the same file gives.
 */
describe('SARIF logs read from standard input', () => {
  const tmp = useTempDir('aiscan-sarif-stdin-');
  let cli: string;
  let earlier: string;
  let later: string;

  const aiscan = (input: string | undefined, ...args: string[]) => {
    const run = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 60_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  beforeAll(() => {
    cli = builtCli();
    // The earlier scan without the production subscription: the later one then has new findings.
    expect(aiscan(undefined, 'scan', SAMPLE_ARGS[0], SAMPLE_ARGS[1], '--out', tmp.path('earlier'), '--format', 'sarif', '--fail-on', 'none', '-q').code).toBe(0);
    expect(aiscan(undefined, 'scan', ...SAMPLE_ARGS, '--out', tmp.path('later'), '--format', 'sarif', '--fail-on', 'none', '-q').code).toBe(0);
    earlier = tmp.path('earlier', 'aiscan.sarif');
    later = tmp.path('later', 'aiscan.sarif');
  });

  it('aiscan diff - new.sarif compares standard input with the file', () => {
    const fromFile = aiscan(undefined, 'diff', earlier, later);
    const fromInput = aiscan(readFileSync(earlier, 'utf8'), 'diff', '-', later);
    expect(fromFile.stdout).toMatch(/^aiscan diff .* [1-9]\d* new/);
    expect({ ...fromInput, stdout: fromInput.stdout.replace(/^aiscan diff - →/, `aiscan diff ${earlier} →`) }).toEqual(fromFile);
  });

  it('aiscan trend - reads a run from standard input', () => {
    const fromFile = aiscan(undefined, 'trend', earlier, '--out', tmp.path('trend-file'), '--format', 'md');
    const fromInput = aiscan(readFileSync(earlier, 'utf8'), 'trend', '-', '--out', tmp.path('trend-input'), '--format', 'md');
    expect(fromFile.code).toBe(0);
    expect({ code: fromInput.code, stderr: fromInput.stderr }).toEqual({ code: 0, stderr: '' });
    const report = (folder: string) => readFileSync(join(folder, 'aiscan-trend.md'), 'utf8').split(earlier).join('-');
    expect(report(tmp.path('trend-input'))).toBe(report(tmp.path('trend-file')));
  });

  it('scan --baseline=- takes the baseline from standard input; --baseline - says how to write it', () => {
    const baselineStates = (out: string) => (JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as { runs: { results: { baselineState?: string }[] }[] }).runs[0].results.map((r) => r.baselineState);
    const scanWith = (input: string | undefined, baseline: string[], out: string) => aiscan(input, 'scan', ...SAMPLE_ARGS, ...baseline, '--out', tmp.path(out), '--format', 'sarif', '--fail-on', 'none', '-q');
    expect(scanWith(undefined, ['--baseline', earlier], 'with-file').code).toBe(0);
    expect(scanWith(readFileSync(earlier, 'utf8'), ['--baseline=-'], 'with-input')).toEqual({ code: 0, stdout: '', stderr: '' });
    const states = baselineStates(tmp.path('with-file'));
    expect(states).toContain('new');
    expect(states).toContain('unchanged');
    expect(baselineStates(tmp.path('with-input'))).toEqual(states);

    expect(scanWith(readFileSync(earlier, 'utf8'), ['--baseline', '-'], 'spaced')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aiscan: cannot read a baseline SARIF file: the file name is empty (for standard input, write the option as --name=-)\n',
    });
  });
});
