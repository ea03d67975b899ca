import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtCli } from '../hardening/built-cli.js';
import { useTempDir } from '../helpers/temp.js';
import { timeless } from '../helpers/timeless.js';

/**
 * `npm run build` in a copy of the repository, as a clone gets it: the bundled CLI
 * (dist/cli/aiscan.js) starting from the precompiled rule pack (dist/precompiled/) writes the same
 * reports as the sources compiling their rules at run time, and takes a rule file edited after
 * the build as it now reads.
 */
describe('the built package', () => {
  const tmp = useTempDir('aiscan-built-package-');
  const ESTATE = ['subscription-research.json', 'subscription-production.json', 'kubernetes-aks-research-gpu.json'].flatMap((name) => ['--snapshot', join('examples', 'estate', name)]);
  const FORMATS = ['sarif', 'json', 'md', 'html', 'junit'];
  const REPORTS = ['aiscan.sarif', 'aiscan.json', 'aiscan.md', 'aiscan.html', 'aiscan.junit.xml'];
  let root: string;

  beforeAll(() => {
    root = tmp.path('aiscan');
    mkdirSync(root);
    for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'bin', 'scripts', 'support', 'rules', 'schemas', 'examples']) {
      cpSync(entry, join(root, entry), { recursive: true });
    }
    symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  }, 300_000);

  /** The reports of one scan of the sample estate, run in the copy; times, which differ from run to run, taken out. */
  function scanWith(cli: string, out: string): Record<string, string> {
    // Rules compiled at run time are kept in a cache: this one, not the user's.
    const env = { ...process.env, AISCAN_CACHE_DIR: tmp.path('scan-cache') };
    const result = spawnSync(process.execPath, [cli, 'scan', ...ESTATE, '--out', out, '--format', ...FORMATS, '--fail-on', 'none', '--quiet'], { cwd: root, encoding: 'utf8', timeout: 120_000, env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return Object.fromEntries(REPORTS.map((name) => [name, timeless(readFileSync(join(root, out, name), 'utf8')).replace(/time="[\d.]+"/g, 'time="<s>"')]));
  }

  it('writes, from the precompiled pack, the reports the sources write compiling every rule', () => {
    const fromBuild = scanWith(join(root, 'dist', 'cli', 'aiscan.js'), 'bundle');
    const fromSources = scanWith(builtCli(), 'sources');
    for (const name of REPORTS) expect(`${name}\n${fromBuild[name]}`).toBe(`${name}\n${fromSources[name]}`);
    expect(JSON.parse(fromBuild['aiscan.json']).findings.length).toBeGreaterThan(0);
  });

  it('starts from the pack it built: what the pack says is what the reports say', () => {
    const packFile = join(root, 'dist', 'precompiled', 'builtin-rules.json');
    const original = readFileSync(packFile, 'utf8');
    const pack = JSON.parse(original) as { sourceHash: string; data: string };
    const rules = JSON.parse(pack.data) as { rule: { id: string; title: string } }[];
    rules[0].rule.title = 'Title as the pack holds it';
    writeFileSync(packFile, JSON.stringify({ ...pack, data: JSON.stringify(rules) }));
    try {
      const sarif = JSON.parse(scanWith(join(root, 'dist', 'cli', 'aiscan.js'), 'edited-pack')['aiscan.sarif']);
      const descriptor = sarif.runs[0].tool.driver.rules.find((rule: { id: string }) => rule.id === rules[0].rule.id);
      expect(descriptor.shortDescription.text).toBe('Title as the pack holds it');
    } finally {
      writeFileSync(packFile, original);
    }
  });

  it('compiles the built-in rules itself when a rule file changed after the build', () => {
    const ruleFile = join(root, 'rules', 'aks', 'AIS-AKS-001.json');
    const original = readFileSync(ruleFile, 'utf8');
    const rule = JSON.parse(original) as { title: string };
    writeFileSync(ruleFile, JSON.stringify({ ...rule, title: 'Edited after the build' }, null, 2));
    try {
      const sarif = JSON.parse(scanWith(join(root, 'dist', 'cli', 'aiscan.js'), 'edited-rule')['aiscan.sarif']);
      const descriptor = sarif.runs[0].tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'AIS-AKS-001');
      expect(descriptor.shortDescription.text).toBe('Edited after the build');
    } finally {
      writeFileSync(ruleFile, original);
    }
  });

  it('keeps a user rule compiled between runs: the scan that takes it from the cache reports what the one that compiled it did', () => {
    const rules = join(root, 'user-rules');
    mkdirSync(join(rules, 'custom'), { recursive: true });
    const rule = JSON.parse(readFileSync(join(root, 'rules', 'aks', 'AIS-AKS-011.json'), 'utf8'));
    writeFileSync(join(rules, 'custom', 'ACME-AKS-011.json'), JSON.stringify({ ...rule, id: 'ACME-AKS-011', name: 'AcmeSpotGpuPoolEvicts' }, null, 2));
    const cache = tmp.path('cache');
    const env: NodeJS.ProcessEnv = { ...process.env, AISCAN_CACHE_DIR: cache, AISCAN_RULE_CACHE: 'on' };
    const reports = (out: string) => {
      const result = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'aiscan.js'), 'scan', ...ESTATE, '--rules', rules, '--out', out, '--fail-on', 'none', '--quiet'], { cwd: root, encoding: 'utf8', env });
      expect(result.stderr).toBe('');
      return timeless(readFileSync(join(root, out, 'aiscan.sarif'), 'utf8'));
    };
    const compiled = reports('user-compiled');
    expect(readdirSync(join(cache, 'rules')).filter((name) => name.endsWith('.cjs'))).toHaveLength(1);
    expect(reports('user-cached')).toBe(compiled);
    expect(compiled).toContain('ACME-AKS-011');
    // In CI nothing is kept unless asked for: a runner's jobs share its home.
    const ciCache = tmp.path('ci-cache');
    Object.assign(env, { CI: 'true', AISCAN_CACHE_DIR: ciCache, AISCAN_RULE_CACHE: '' });
    expect(reports('user-ci')).toBe(compiled);
    expect(existsSync(ciCache)).toBe(false);
  });

  it('makes a code cache that V8 takes when the command compiles its bundle, and none for another bundle', () => {
    // What dist/cli/aiscan.js does (support/bundle/cli-launcher.ts), in a process of its own, from the copy's dist/.
    const compile = (folder: string) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { setCliV8Flags } = await import(${JSON.stringify(join(root, 'dist', 'src', 'heap.js'))});
           const { compileBundle } = await import(${JSON.stringify(join(root, 'dist', 'support', 'bundle', 'cli-bundle.js'))});
           setCliV8Flags();
           process.stdout.write(String(compileBundle(${JSON.stringify(folder)}).cacheUsed));`,
        ],
        { encoding: 'utf8' },
      );
    const built = compile(join(root, 'dist', 'cli'));
    expect(built.stderr).toBe('');
    expect(built.stdout).toBe('true');

    // The same cache beside a bundle of the same length whose hash line differs, as another build's would: not given to V8.
    const other = join(root, 'dist', 'cli-other');
    cpSync(join(root, 'dist', 'cli'), other, { recursive: true });
    const bundle = join(other, 'cli-bundle.cjs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^(\/\/ aiscan-bundle [0-9a-f]{63})([0-9a-f])/, (_line, kept: string, last: string) => `${kept}${last === '0' ? '1' : '0'}`));
    expect(compile(other).stdout).toBe('false');
  });

  it('prints the same help as the unbundled CLI', () => {
    const help = (cli: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } }).stdout;
    for (const args of [['--help'], ['scan', '--help'], ['collect', '--help'], ['rules', 'test', '--help']]) {
      expect(help(join(root, 'dist', 'cli', 'aiscan.js'), ...args)).toBe(help(join(root, 'dist', 'bin', 'aiscan.js'), ...args));
    }
  });
});
