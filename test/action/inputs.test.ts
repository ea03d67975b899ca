import { ActionInputError, INPUT_NAMES, inputEnvName, readInputs, type ActionInputs } from '../../src/action/inputs.js';

/** The environment a step gets for these inputs, named as action.yml and templates/aiscan.yml pass them. */
function env(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value]));
}

function errorOf(inputs: Record<string, string>): string {
  try {
    readInputs(env(inputs));
  } catch (error) {
    expect(error).toBeInstanceOf(ActionInputError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('the action inputs', () => {
  it('are read from INPUT_ variables, upper case with - as _', () => {
    expect(inputEnvName('fail-on')).toBe('INPUT_FAIL_ON');
    expect(inputEnvName('working-directory')).toBe('INPUT_WORKING_DIRECTORY');
    expect(INPUT_NAMES.map(inputEnvName)).toContain('INPUT_SARIF_FOR');
  });

  it('take the defaults of action.yml when nothing is set', () => {
    expect(readInputs({})).toEqual<ActionInputs>({
      paths: [],
      snapshots: [],
      subscriptions: [],
      allSubscriptions: false,
      rules: [],
      formats: ['sarif', 'json', 'md'],
      out: 'reports',
      uploadSarif: true,
      jobSummary: true,
      workingDirectory: '.',
      args: [],
    });
  });

  it('reads every input', () => {
    const inputs = readInputs(
      env({
        paths: 'infra\nmain bicep/app.bicep\n',
        snapshot: 'estate/a.json estate/b.json',
        subscription: '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26, 5d2f0a93-6c1e-4b7a-9e84-2f3c6d1b0a57\nffffffff-0000-0000-0000-000000000000',
        'all-subscriptions': 'true',
        auth: 'workload-identity',
        config: ' .aiscan-base/aiscan.config.json ',
        rules: 'policies\nmore policies',
        suppressions: 'accepted.json',
        'fail-on': 'medium',
        baseline: 'previous/aiscan.full.sarif',
        'new-only': 'TRUE',
        format: 'html, junit md',
        out: 'out dir',
        category: 'aiscan-templates',
        'sarif-for': 'github',
        'upload-sarif': 'False',
        'job-summary': 'false',
        'working-directory': 'sub dir',
        args: '--parameters\n  main.parameters.json  \n\n--verbose\n',
      }),
    );
    expect(inputs).toEqual<ActionInputs>({
      paths: ['infra', 'main bicep/app.bicep'],
      snapshots: ['estate/a.json', 'estate/b.json'],
      subscriptions: ['3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26', '5d2f0a93-6c1e-4b7a-9e84-2f3c6d1b0a57', 'ffffffff-0000-0000-0000-000000000000'],
      allSubscriptions: true,
      auth: 'workload-identity',
      config: '.aiscan-base/aiscan.config.json',
      rules: ['policies', 'more policies'],
      suppressions: 'accepted.json',
      failOn: 'medium',
      baseline: 'previous/aiscan.full.sarif',
      newOnly: true,
      formats: ['sarif', 'json', 'md', 'html', 'junit'],
      out: 'out dir',
      category: 'aiscan-templates',
      sarifFor: 'github',
      uploadSarif: false,
      jobSummary: false,
      workingDirectory: 'sub dir',
      args: ['--parameters', 'main.parameters.json', '--verbose'],
    });
  });

  it('reads a list on one line at spaces, a list on several lines at line breaks only', () => {
    expect(readInputs(env({ paths: '  infra   templates  ' })).paths).toEqual(['infra', 'templates']);
    expect(readInputs(env({ paths: 'my infra\r\ntemplates/a b.json\n' })).paths).toEqual(['my infra', 'templates/a b.json']);
  });

  it('reads booleans as Azure Pipelines writes them (True, False)', () => {
    expect(readInputs(env({ 'all-subscriptions': 'True', 'new-only': 'False' }))).toMatchObject({ allSubscriptions: true, newOnly: false });
  });

  it('reads the spelling a JavaScript action gets, INPUT_FAIL-ON, when INPUT_FAIL_ON is not set', () => {
    expect(readInputs({ 'INPUT_FAIL-ON': 'low' }).failOn).toBe('low');
    expect(readInputs({ 'INPUT_FAIL-ON': 'low', INPUT_FAIL_ON: 'critical' }).failOn).toBe('critical');
  });

  it('keeps each line of args as one argument, whatever it holds', () => {
    const args = readInputs(env({ args: '--out /etc\n; rm -rf ~\n$(whoami) `id` "quoted"\n--parameters=a b.json' })).args;
    expect(args).toEqual(['--out /etc', '; rm -rf ~', '$(whoami) `id` "quoted"', '--parameters=a b.json']);
  });

  it.each([
    [{ 'fail-on': 'severe' }, 'fail-on: "severe" is not one of critical, high, medium, low, info, none'],
    [{ 'fail-on': 'HIGH' }, 'fail-on: "HIGH" is not one of critical, high, medium, low, info, none'],
    [{ 'new-only': 'yes' }, 'new-only: "yes" is not true or false'],
    [{ 'all-subscriptions': '1' }, 'all-subscriptions: "1" is not true or false'],
    [{ 'upload-sarif': 'on' }, 'upload-sarif: "on" is not true or false'],
    [{ 'job-summary': 'truee' }, 'job-summary: "truee" is not true or false'],
    [{ auth: 'password' }, 'auth: "password" is not one of default, cli, env, managed-identity, workload-identity'],
    [{ format: 'sarif pdf' }, 'format: "pdf" is not one of sarif, json, md, html, junit'],
    [{ 'sarif-for': 'gitlab' }, 'sarif-for: "gitlab" is not one of full, github'],
    [{ config: 'a.json\nb.json' }, 'config: takes one value, got several lines: "a.json\\nb.json"'],
    [{ out: 'reports\n::set-output name=x::y' }, 'out: takes one value, got several lines'],
    [{ 'working-directory': 'a\nb' }, 'working-directory: takes one value, got several lines'],
    [{ baseline: 'a\0b' }, 'baseline: holds a NUL character'],
    [{ args: '--out\n/etc' }, 'args: "--out" sets --out, which the action sets itself: use the out input'],
    [{ args: '--out=/etc' }, 'args: "--out=/etc" sets --out'],
    [{ args: '-o\n/etc' }, 'args: "-o" sets -o, which the action sets itself: use the out input'],
    [{ args: '-qo/etc' }, 'args: "-qo/etc" sets -o'],
    [{ args: '--format\nhtml' }, 'use the format input'],
    [{ args: '-f=html' }, 'args: "-f=html" sets -f'],
    [{ args: '--sarifFor=full' }, 'args: "--sarifFor=full" sets --sarif-for, which the action sets itself: use the sarif-for input'],
    [{ args: '--help' }, 'args: "--help" sets --help, which the action sets itself'],
    [{ args: '--version' }, 'args: "--version" sets --version'],
  ])('refuse %j in one line naming the input', (inputs, message) => {
    const error = errorOf(inputs);
    expect(error).toContain(message);
    expect(error).not.toMatch(/[\r\n]/);
  });

  it('allow args that only look like a managed flag', () => {
    expect(readInputs(env({ args: '--output-style\n-qs\nestate.json\n--outline' })).args).toEqual(['--output-style', '-qs', 'estate.json', '--outline']);
  });

  it('shorten a long value in an error', () => {
    expect(errorOf({ 'fail-on': 'x'.repeat(500) }).length).toBeLessThan(200);
  });
});
