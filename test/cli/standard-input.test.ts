import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtCli } from '../hardening/built-cli.js';
import { SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * `-` names standard input wherever aiscan reads a file: a SARIF log (`aiscan diff - new.sarif`,
 * `aiscan trend -`, `--baseline -`), an estate (`--snapshot -`), manifests (`aiscan scan -`). It is
 * read whole there, since a pipe cannot be read in parts, and gives what the same file gives. Where
 * aiscan writes, `-` is refused rather than taken for a path.
 */
describe('standard input, named -', () => {
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

  it('scan --baseline - and --baseline=- take the baseline from standard input', () => {
    const baselineStates = (out: string) => (JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as { runs: { results: { baselineState?: string }[] }[] }).runs[0].results.map((r) => r.baselineState);
    const scanWith = (input: string | undefined, baseline: string[], out: string) => aiscan(input, 'scan', ...SAMPLE_ARGS, ...baseline, '--out', tmp.path(out), '--format', 'sarif', '--fail-on', 'none', '-q');
    expect(scanWith(undefined, ['--baseline', earlier], 'with-file').code).toBe(0);
    expect(scanWith(readFileSync(earlier, 'utf8'), ['--baseline=-'], 'with-input')).toEqual({ code: 0, stdout: '', stderr: '' });
    const states = baselineStates(tmp.path('with-file'));
    expect(states).toContain('new');
    expect(states).toContain('unchanged');
    expect(baselineStates(tmp.path('with-input'))).toEqual(states);

    expect(scanWith(readFileSync(earlier, 'utf8'), ['--baseline', '-'], 'spaced')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(baselineStates(tmp.path('spaced'))).toEqual(states);
    expect(scanWith(undefined, ['--baseline='], 'empty')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aiscan: cannot read a baseline SARIF file: the file name is empty (- reads standard input)\n',
    });
  });

  it('scan --snapshot - reads an estate from standard input, beside files, its findings at -', () => {
    const [research, production] = [SAMPLE_ARGS[1], SAMPLE_ARGS[3]];
    const sarifOf = (out: string) => JSON.parse(readFileSync(tmp.path(out, 'aiscan.sarif'), 'utf8')) as SarifLog;
    const scanned = (input: string | undefined, args: string[], out: string) => aiscan(input, 'scan', ...args, '--out', tmp.path(out), '--format', 'sarif', '--fail-on', 'none', '-q');
    expect(scanned(undefined, ['--snapshot', research, '--snapshot', production], 'files').code).toBe(0);
    for (const [flag, out] of [['--snapshot', 'long'], ['-s', 'short'], ['--snapshot=', 'joined']]) {
      const args = flag.endsWith('=') ? [`${flag}-`] : [flag, '-'];
      expect(scanned(readFileSync(production, 'utf8'), ['--snapshot', research, ...args], out)).toEqual({ code: 0, stdout: '', stderr: '' });
      // The same findings at the same lines; those of the production subscription point at `-`.
      const where = (log: SarifLog, file: string) =>
        log.runs[0].results.map(({ ruleId, locations: [{ physicalLocation: at }] }) => `${ruleId} ${at.artifactLocation.uri === file ? 'FILE' : at.artifactLocation.uri}:${at.region.startLine}`);
      expect(where(sarifOf(out), '-').sort()).toEqual(where(sarifOf('files'), production).sort());
      expect(where(sarifOf(out), '-').filter((w) => w.includes(' FILE:')).length).toBeGreaterThan(0);
    }
  });

  it('scan -q - reads manifests from standard input after a flag too', () => {
    const manifest = readFileSync('examples/kubernetes/cluster-reader.clusterrole.yaml', 'utf8');
    for (const args of [['-q', '-'], ['-', '-q']]) {
      expect(aiscan(manifest, 'scan', ...args, '--out', tmp.path(`manifest${args[0]}`), '--format', 'md', '--fail-on', 'none')).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });

  // util-linux `script` runs a command on a pseudo-terminal: its standard input is then a terminal, as at a prompt.
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  const onTerminal = script.status === 0 && script.stdout.includes('util-linux') ? it : it.skip;
  onTerminal('refuses a terminal as standard input, where a - typed by mistake would wait for input', () => {
    const command = [process.execPath, cli, 'scan', '--snapshot', '-', '--out', tmp.path('terminal')].map((arg) => `'${arg}'`).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stdout.trim()).toBe('aiscan: -: cannot read an estate file: standard input is a terminal, not a file or a pipe; pipe the input in (helm template … | aiscan scan -, aiscan diff - new.sarif < old.sarif)');
    expect(existsSync(tmp.path('terminal'))).toBe(false);
  });

  it('refuses - named twice: standard input can be read as one input only', () => {
    const estate = readFileSync(SAMPLE_ARGS[1], 'utf8');
    expect(aiscan(estate, 'scan', '--snapshot', '-', '--baseline', '-', '--out', tmp.path('twice'), '-q')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aiscan: standard input (-) is named 2 times (--snapshot, --baseline); it can be read as one input only\n',
    });
    expect(aiscan(estate, 'diff', '-', '-').stderr).toBe('aiscan: standard input (-) is named 2 times (OLD, NEW); it can be read as one input only\n');
    expect(aiscan(estate, 'scan', '-s', '-', '-s=-', '--out', tmp.path('twice'), '-q').code).toBe(2);
    expect(existsSync(tmp.path('twice'))).toBe(false);
  });

  it('refuses - where aiscan writes, and writes nothing', () => {
    const cwd = tmp.path('cwd');
    mkdirSync(cwd);
    const inFolder = (...args: string[]) => {
      const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
      return { code: run.status, stderr: run.stderr };
    };
    const estate = resolve(SAMPLE_ARGS[1]);
    expect(inFolder('scan', '--snapshot', estate, '--out', '-', '-q')).toEqual({ code: 2, stderr: 'aiscan: --out -: aiscan writes files there, not to standard output; name a path (./- for one named -)\n' });
    expect(inFolder('scan', '--snapshot', estate, '--out=-', '-q').code).toBe(2);
    expect(inFolder('diff', later, later, '--out', '-').code).toBe(2);
    expect(inFolder('init', '-').stderr).toBe('aiscan: init -: aiscan writes files there, not to standard output; name a path (./- for one named -)\n');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}
