import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseIndex, trackedPaths } from '../../../src/sources/inputs/git-index.js';
import { useTempDir } from '../../helpers/temp.js';

/** git with no user or system configuration of this machine's: each index is what git writes by default, or what the test asks. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
}

const FILES = [
  'main.json',
  'infra/modules/gpu-pool.bicep',
  'infra/modules/gpu-pool.parameters.json',
  'infra/modules/gpu-pool.parameters.prod.json', // shares most of its name with the one before: version 4 writes only the rest
  'infra/ré-gion/名前.json', // UTF-8 names
  `deep/${Array.from({ length: 25 }, (_, i) => `${i}`.padEnd(120, 'a')).join('/')}/b.json`, // 3,000 bytes and more
];

describe('the git index, read without running git', () => {
  const tmp = useTempDir('aiscan-git-index-');
  let n = 0;

  /** A repository holding FILES, added to its index (`init` options, then commands to run after the add). */
  const repository = (initOptions: string[] = [], after: string[][] = []): string => {
    const root = tmp.path(`repo-${n++}`);
    mkdirSync(root);
    git(root, 'init', '-q', ...initOptions);
    for (const file of FILES) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '{}\n');
    }
    git(root, 'add', '.');
    for (const command of after) git(root, ...command);
    return root;
  };
  const listed = (root: string) => git(root, 'ls-files', '-z').split('\0').filter(Boolean);
  const parsed = (root: string) => parseIndex(readFileSync(join(root, '.git', 'index')))?.map((entry) => entry.path);
  const version = (root: string) => readFileSync(join(root, '.git', 'index')).readUInt32BE(4);

  it('lists what git ls-files lists, in index versions 2, 3 and 4', () => {
    const v2 = repository();
    const v3WithIntent = repository();
    writeFileSync(join(v3WithIntent, 'intent.json'), '{}');
    git(v3WithIntent, 'add', '-N', 'intent.json'); // an intent-to-add entry carries the extended flags of version 3
    const v4 = repository([], [['update-index', '--index-version', '4']]);
    expect([version(v2), version(v3WithIntent), version(v4)]).toEqual([2, 3, 4]);
    for (const root of [v2, v3WithIntent, v4]) expect([root, parsed(root)]).toEqual([root, listed(root)]);
  });

  it('reads a SHA-256 repository', () => {
    const root = repository(['--object-format=sha256']);
    expect(parsed(root)).toEqual(listed(root));
  });

  it('says a file or folder is tracked; untracked ones and their folders are not', () => {
    const root = repository();
    writeFileSync(join(root, 'infra', 'untracked.json'), '{}');
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'out.json'), '{}');
    const tracked = trackedPaths(root)!;
    expect(tracked.covers('infra/modules/gpu-pool.bicep', false)).toBe(true);
    expect(tracked.covers('infra/ré-gion/名前.json', false)).toBe(true);
    expect(tracked.covers('infra/modules', true)).toBe(true);
    expect(tracked.covers('infra', true)).toBe(true);
    expect(tracked.covers('infra/untracked.json', false)).toBe(false);
    expect(tracked.covers('build', true)).toBe(false);
    expect(tracked.covers('infra/modules/gpu-pool.bicep', true)).toBe(false); // a file, not a folder
  });

  it('reads a worktree, whose .git is a file naming its own index', () => {
    const root = repository();
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
    const worktree = tmp.path(`worktree-${n++}`);
    git(root, 'worktree', 'add', '-q', worktree);
    expect(trackedPaths(worktree)?.covers('infra/modules/gpu-pool.bicep', false)).toBe(true);
  });

  it('knows nothing where the index is not all there is, or not as git writes it', () => {
    const split = repository([], [['update-index', '--split-index']]);
    expect(trackedPaths(split)).toBeUndefined();

    const corrupt = repository();
    const index = join(corrupt, '.git', 'index');
    const bytes = readFileSync(index);
    bytes[100] ^= 0xff;
    writeFileSync(index, bytes);
    expect(trackedPaths(corrupt)).toBeUndefined();

    const empty = tmp.path(`repo-${n++}`);
    mkdirSync(empty);
    git(empty, 'init', '-q'); // no index until something is added
    expect(trackedPaths(empty)).toBeUndefined();
    expect(parseIndex(Buffer.from('DIRC\0\0\0\x05\0\0\0\0'))).toBeUndefined();

    // A tree's author can put a named pipe where the index goes: it is not read (it would never end).
    const piped = tmp.path(`repo-${n++}`);
    mkdirSync(join(piped, '.git'), { recursive: true });
    execFileSync('mkfifo', [join(piped, '.git', 'index')]);
    expect(trackedPaths(piped)).toBeUndefined();
    expect(parseIndex(Buffer.alloc(0))).toBeUndefined();
  });

  it('takes a folder a sparse index keeps as one entry as tracked below it', () => {
    const root = repository();
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
    git(root, 'sparse-checkout', 'set', '--cone', '--sparse-index', 'deep');
    const entries = parseIndex(readFileSync(join(root, '.git', 'index')))!;
    expect(entries.filter((entry) => entry.isFolder).map((entry) => entry.path)).toEqual(['infra/']);
    const tracked = trackedPaths(root)!;
    expect(tracked.covers('infra/modules/gpu-pool.bicep', false)).toBe(true);
    expect(tracked.covers('infra', true)).toBe(true);
    expect(tracked.covers('other.json', false)).toBe(false);
  });
});
