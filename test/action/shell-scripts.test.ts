import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { useTempDir } from '../helpers/temp.js';

/**
 * The shell the action and the template run, and scripts/release-action.sh, which commits the
 * built dist/ on the release tags only: run in a scratch repository with a stand-in build.
 */

const RELEASE_SCRIPT = resolve('scripts/release-action.sh');
const STAND_IN_BUILD =
  'mkdir -p dist/src/action dist/cli dist/precompiled && echo main > dist/src/action/main.js && echo cli > dist/cli/aiscan.js && echo bundle > dist/cli/cli-bundle.cjs && echo {} > dist/precompiled/builtin-rules.json';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

/** Every script of action.yml and templates/aiscan.yml, as the runner writes it to a file for bash. */
function stepScripts(): [string, string][] {
  const action = parse(readFileSync('action.yml', 'utf8'));
  const template = parse(readFileSync('templates/aiscan.yml', 'utf8'));
  return [
    ...(action.runs.steps as any[]).filter((step) => step.run).map((step): [string, string] => [`action.yml: ${step.name}`, step.run]),
    ...(template.steps as any[]).filter((step) => step.bash).map((step): [string, string] => [`templates/aiscan.yml: ${step.displayName}`, step.bash]),
  ];
}

describe('the scripts of action.yml and templates/aiscan.yml', () => {
  const tmp = useTempDir('aiscan-step-scripts-');

  it.each(stepScripts())('%s is valid bash, and shellcheck-clean where shellcheck is installed', (name, script) => {
    const file = tmp.write(`${name.replace(/\W+/g, '-')}.sh`, `#!/usr/bin/env bash\n${script}`);
    expect(run('bash', ['-n', file], tmp.path()).code).toBe(0);
    if (hasShellcheck) expect(run('shellcheck', [file], tmp.path())).toMatchObject({ code: 0, stdout: '' });
  });

  it('the last step of the action exits with the scan exit code, and refuses one that is not a number', () => {
    const action = parse(readFileSync('action.yml', 'utf8'));
    const last = (action.runs.steps as any[]).at(-1).run as string;
    const file = tmp.write('gate.sh', last);
    expect(run('bash', [file], tmp.path(), { AISCAN_EXIT_CODE: '0', AISCAN_VERDICT: 'pass' })).toMatchObject({ code: 0, stdout: '' });
    expect(run('bash', [file], tmp.path(), { AISCAN_EXIT_CODE: '1', AISCAN_VERDICT: 'fail' })).toMatchObject({ code: 1, stdout: expect.stringContaining('::error::aiscan: fail (exit 1)') });
    expect(run('bash', [file], tmp.path(), { AISCAN_EXIT_CODE: '3', AISCAN_VERDICT: 'incomplete' }).code).toBe(3);
    expect(run('bash', [file], tmp.path(), { AISCAN_EXIT_CODE: '', AISCAN_VERDICT: '' })).toMatchObject({ code: 2, stdout: '::error::aiscan reported no exit code\n' });
    expect(run('bash', [file], tmp.path(), { AISCAN_EXIT_CODE: '0; touch x', AISCAN_VERDICT: '' }).code).toBe(2);
  });
});

describe('scripts/release-action.sh', () => {
  const tmp = useTempDir('aiscan-release-');
  let repo: string;
  let remote: string;
  const git = (...args: string[]) => {
    const result = run('git', args, repo);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  const release = (...args: string[]) => run('bash', [RELEASE_SCRIPT, ...args], repo, { AISCAN_RELEASE_BUILD: STAND_IN_BUILD });
  const setVersion = (version: string) => {
    writeFileSync(join(repo, 'package.json'), `${JSON.stringify({ name: 'aiscan', version }, null, 2)}\n`);
    git('commit', '--quiet', '-am', `version ${version}`);
  };

  beforeAll(() => {
    repo = tmp.path('repo');
    remote = tmp.path('remote.git');
    mkdirSync(repo);
    run('git', ['init', '--quiet', '--bare', remote], tmp.path());
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Release Test');
    git('config', 'user.email', 'release@example.com');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'tag.gpgsign', 'false');
    git('remote', 'add', 'origin', remote);
    writeFileSync(join(repo, '.gitignore'), 'dist/\nnode_modules/\n');
    writeFileSync(join(repo, 'action.yml'), 'name: aiscan\n');
    writeFileSync(join(repo, 'package.json'), `${JSON.stringify({ name: 'aiscan', version: '1.2.3' }, null, 2)}\n`);
    git('add', '.');
    git('commit', '--quiet', '-m', 'source');
  });

  it('is shellcheck-clean where shellcheck is installed', () => {
    expect(run('bash', ['-n', RELEASE_SCRIPT], repo).code).toBe(0);
    if (hasShellcheck) expect(run('shellcheck', [RELEASE_SCRIPT], repo)).toMatchObject({ code: 0, stdout: '' });
  });

  it('commits dist/ on a commit only the release tag and the moving major tag reach', () => {
    const source = git('rev-parse', 'HEAD');
    const result = release('v1.2.3');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('git push origin refs/tags/v1.2.3 && git push --force origin refs/tags/v1');

    const released = git('rev-parse', 'v1.2.3^{commit}');
    expect(git('rev-parse', 'v1^{commit}')).toBe(released);
    expect(git('rev-parse', `${released}^`)).toBe(source);
    expect(git('ls-tree', '-r', '--name-only', released).split('\n')).toEqual(expect.arrayContaining(['dist/src/action/main.js', 'dist/cli/aiscan.js', 'dist/cli/cli-bundle.cjs', 'dist/precompiled/builtin-rules.json', 'action.yml', 'package.json']));
    expect(git('cat-file', '-t', 'v1.2.3')).toBe('tag');

    // main is untouched: same commit, no dist/, a clean checkout, no worktree left behind.
    expect(git('rev-parse', 'HEAD')).toBe(source);
    expect(git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(git('ls-tree', '-r', '--name-only', 'main')).not.toContain('dist/');
    expect(git('branch', '--contains', released)).toBe('');
    expect(git('status', '--porcelain')).toBe('');
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('moves the major tag to the next release and leaves the earlier one', () => {
    const earlier = git('rev-parse', 'v1.2.3^{commit}');
    setVersion('1.3.0');
    expect(release('v1.3.0').code).toBe(0);
    expect(git('rev-parse', 'v1.2.3^{commit}')).toBe(earlier);
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.3.0^{commit}'));
    expect(git('rev-parse', 'v1.3.0^{commit}^')).toBe(git('rev-parse', 'main'));
  });

  it.each([
    [['1.3.0'], 'is not a release tag'],
    [['v1.3'], 'is not a release tag'],
    [['v1.4.0'], 'package.json has version 1.3.0, not 1.4.0'],
    [['v1.3.0'], 'the tag v1.3.0 exists already'],
  ])('refuses %j', (args, message) => {
    const tags = git('tag', '--list');
    const result = release(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(git('tag', '--list')).toBe(tags);
  });

  it('refuses a checkout with uncommitted changes', () => {
    writeFileSync(join(repo, 'action.yml'), 'name: changed\n');
    try {
      const result = release('v1.3.1');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('uncommitted changes');
    } finally {
      git('checkout', '--', 'action.yml');
    }
  });

  it('tags nothing when the build does not write main.js, and leaves no worktree', () => {
    setVersion('1.3.1');
    const result = run('bash', [RELEASE_SCRIPT, 'v1.3.1'], repo, { AISCAN_RELEASE_BUILD: 'mkdir -p dist/cli && echo cli > dist/cli/aiscan.js' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the build did not write dist/src/action/main.js');
    expect(git('tag', '--list', 'v1.3.1')).toBe('');
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('with --push, pushes the release tag and moves the major tag on the remote', () => {
    setVersion('2.0.0');
    const result = release('v2.0.0', '--push');
    expect(result.code).toBe(0);
    const remoteTags = run('git', ['ls-remote', '--tags', remote], repo).stdout;
    expect(remoteTags).toContain('refs/tags/v2.0.0');
    expect(remoteTags).toContain('refs/tags/v2\n');
    expect(run('git', ['ls-remote', '--heads', remote], repo).stdout).toBe('');
  });
});
