import { inputEnvName, readInputs } from '../../src/action/inputs.js';
import { scanArguments } from '../../src/action/scan-arguments.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

function argsFor(inputs: Record<string, string>): string[] {
  return scanArguments(readInputs(Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value]))));
}

const DEFAULT_TAIL = ['--format=sarif,json,md', '--out=reports'];

describe('the aiscan scan arguments of the action inputs', () => {
  it('with no input: the reports the action reads, in reports/', () => {
    expect(argsFor({})).toEqual(['scan', ...DEFAULT_TAIL]);
  });

  it('the defaults of action.yml', () => {
    expect(argsFor({ 'fail-on': 'high', format: 'sarif json md', out: 'reports', 'sarif-for': 'github', 'upload-sarif': 'true', 'job-summary': 'true', 'working-directory': '.', 'all-subscriptions': 'false' })).toEqual([
      'scan',
      '--fail-on=high',
      ...DEFAULT_TAIL,
      '--sarif-for=github',
    ]);
  });

  it.each([
    [{ paths: 'infra templates/main.bicep' }, ['infra', 'templates/main.bicep']],
    [{ paths: '-odd.json\n--out' }, ['./-odd.json', './--out']],
    [{ snapshot: 'estate/a.json\n-b.json' }, ['--snapshot=estate/a.json', '--snapshot=-b.json']],
    [{ subscription: 'a b,c' }, ['--subscription=a', '--subscription=b', '--subscription=c']],
    [{ 'all-subscriptions': 'true' }, ['--all-subscriptions']],
    [{ auth: 'cli' }, ['--auth=cli']],
    [{ config: 'cfg/aiscan.config.json' }, ['--config=cfg/aiscan.config.json']],
    [{ rules: 'policies\nmore rules' }, ['--rules=policies', '--rules=more rules']],
    [{ suppressions: 'accepted.json' }, ['--suppressions=accepted.json']],
    [{ 'fail-on': 'none' }, ['--fail-on=none']],
    [{ baseline: 'previous/aiscan.full.sarif' }, ['--baseline=previous/aiscan.full.sarif']],
    [{ 'new-only': 'true' }, ['--new-only']],
    [{ 'new-only': 'false' }, ['--no-new-only']],
    [{ category: 'aiscan-nightly' }, ['--category=aiscan-nightly']],
    [{ 'sarif-for': 'full' }, ['--sarif-for=full']],
    [{ args: '--parameters\nmain.parameters.json' }, ['--parameters', 'main.parameters.json']],
  ])('%j gives %j', (inputs, expected) => {
    const argv = argsFor(inputs);
    expect(argv.filter((arg) => !['scan', ...DEFAULT_TAIL].includes(arg))).toEqual(expected);
  });

  it('the formats asked for, beside the three the action reads', () => {
    expect(argsFor({ format: 'html junit' })).toContain('--format=sarif,json,md,html,junit');
    expect(argsFor({ format: 'md,sarif' })).toContain('--format=sarif,json,md');
  });

  it('the out folder, as one value however it starts', () => {
    expect(argsFor({ out: '-reports dir' })).toContain('--out=-reports dir');
  });

  it('inputs that change nothing add no flag', () => {
    expect(argsFor({ 'upload-sarif': 'false', 'job-summary': 'false', 'working-directory': 'sub', 'all-subscriptions': 'false' })).toEqual(['scan', ...DEFAULT_TAIL]);
  });

  it('paths first, args last, each args line one argument', () => {
    const argv = argsFor({ paths: 'infra', snapshot: 'e.json', args: '--out /etc\n; rm -rf ~\n$(id)' });
    expect(argv[1]).toBe('infra');
    expect(argv.slice(-3)).toEqual(['--out /etc', '; rm -rf ~', '$(id)']);
  });
});

/** The CLI itself reads them as meant: the values reach it as written, and a hostile line stays one argument. */
describe('the arguments, given to the CLI', () => {
  const tmp = useTempDir('aiscan-action-args-');

  it('scan the sample estate into the out folder', async () => {
    const out = tmp.path('-out');
    const run = await runCli(...argsFor({ snapshot: 'examples/estate/subscription-research.json', out, 'fail-on': 'none', 'new-only': 'false', args: '--quiet' }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('are all flags the CLI has, with values among its choices', async () => {
    const argv = argsFor({
      paths: 'infra',
      snapshot: 'e.json',
      subscription: '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26',
      'all-subscriptions': 'true',
      auth: 'workload-identity',
      config: 'c.json',
      rules: 'r',
      suppressions: 's.json',
      'fail-on': 'info',
      baseline: 'b.sarif',
      'new-only': 'false',
      format: 'html junit',
      out: tmp.path('all'),
      category: 'c',
      'sarif-for': 'github',
    });
    const run = await runCli(...argv);
    // Past yargs' strict parsing, the scan refuses the mix of a snapshot and a live scope.
    expect(run.stderr).toBe('aiscan: scan: give either --snapshot FILE or a live scope (--subscription, --all-subscriptions, --management-group, --aks, --kubeconfig), not both\n');
    expect(run.code).toBe(2);
  });

  it('refuse `--out /etc` as one unknown argument', async () => {
    const run = await runCli(...argsFor({ snapshot: 'examples/estate/subscription-research.json', out: tmp.path('r'), args: '--out /etc' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown argument: out /etc');
  });

  it('take `; rm -rf ~` for a file name', async () => {
    const run = await runCli(...argsFor({ snapshot: 'examples/estate/subscription-research.json', out: tmp.path('r'), args: '; rm -rf ~' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('; rm -rf ~');
  });
});
