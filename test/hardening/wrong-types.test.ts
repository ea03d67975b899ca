import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { scanCommand, type ScanCommandOptions } from '../../src/commands/scan.js';
import { isUserError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Every file a user hands aiscan (baseline, suppressions, config, rule file, estate snapshot),
 * with a value of the wrong JSON type at every position, one at a time, and then random JSON at
 * random positions: `aiscan scan` either ends with exit 2 and one line naming the file, or scans
 * correctly. Never an internal error (exit 4), never a stack trace, never Object.prototype changed.
 *
 * The thousands of runs call the scan command the way the CLI does and sort what it throws the way
 * the CLI does (a UserError is exit 2 and its message; anything else is an internal error, exit 4),
 * without yargs building its help text on every run, which would take most of the time.
 */

const FIXTURES = join('test', 'hardening', 'wrong-types');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** A value of each JSON type, and the edge cases validators get wrong (empty, negative, fraction, [null]). */
const WRONG: Json[] = [null, true, 0, -1, 1.5, '', 'x', [], [null], {}, JSON.parse('{"__proto__": {"polluted": "yes"}}') as Json];
const REMOVE = Symbol('remove');
const MUTATIONS: (Json | typeof REMOVE)[] = [...WRONG, REMOVE];

/** Every position in a document: the root, each member and each element, depth first. */
function positions(value: Json, path: Path = []): Path[] {
  const below =
    Array.isArray(value) ? value.flatMap((entry, index) => positions(entry, [...path, index]))
    : value !== null && typeof value === 'object' ? Object.keys(value).flatMap((key) => positions(value[key], [...path, key]))
    : [];
  return [path, ...below];
}

/** A copy of `document` with the value at `path` replaced (or removed); keys are defined, so `__proto__` stays a key. */
function replaced(document: Json, path: Path, value: Json | typeof REMOVE): Json | undefined {
  if (path.length === 0) return value === REMOVE ? undefined : value;
  const copy = JSON.parse(JSON.stringify(document)) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    Object.defineProperty(parent, last, { value, writable: true, enumerable: true, configurable: true });
  }
  return copy;
}

interface Kind {
  name: string;
  /** The file the mutation goes to, relative to the work folder. */
  file: string;
  flags: (work: string) => Partial<ScanCommandOptions>;
  /** Positions not worth mutating one by one (data aiscan never reads), as pointer prefixes. */
  skip?: RegExp;
  /** Positions where one value of each JSON type is enough (nothing validates their bounds), as pointer prefixes. */
  onePerType?: RegExp;
}

/** One value of each JSON type, and none. */
const ONE_PER_TYPE: (Json | typeof REMOVE)[] = [null, true, -1, 'x', [null], {}, REMOVE];

const ESTATE = 'estate.json';

const KINDS: Kind[] = [
  {
    name: 'baseline SARIF (--baseline)',
    file: 'baseline.sarif',
    flags: (work) => ({ rules: [join(work, 'rules')], builtinRules: false, baseline: join(work, 'baseline.sarif') }),
    // The rules' help texts, and results beyond the first (the same shape again): never read from a baseline.
    skip: /^\/runs\/0\/(tool\/driver\/rules\/|results\/[1-9])/,
  },
  { name: 'suppressions file (--suppressions)', file: 'suppressions.json', flags: (work) => ({ rules: [join(work, 'rules')], builtinRules: false, suppressions: join(work, 'suppressions.json') }) },
  { name: 'config file (--config)', file: 'config.json', flags: (work) => ({ config: join(work, 'config.json') }) },
  { name: 'rule file (--rules)', file: join('rules', 'custom', 'AIS-TST-001.json'), flags: (work) => ({ rules: [join(work, 'rules')], builtinRules: false }) },
  // Every fact is derived whatever rules run; the built-in pack (ten times slower to load) gets the random runs below.
  {
    name: 'estate snapshot (--snapshot)',
    file: 'snapshot.json',
    flags: (work) => ({ snapshots: [join(work, 'snapshot.json')], rules: [join(work, 'rules')], builtinRules: false }),
    // Inside a resource nothing is validated but id, type and name: facts read it with typed getters.
    onePerType: /^\/resources\/\d+\/(?!id$|type$|name$)./,
  },
];

/** The same estate against the built-in rule pack: random mutations only. */
const BUILT_IN: Kind = { name: 'estate snapshot against the built-in rules', file: 'snapshot.json', flags: (work) => ({ snapshots: [join(work, 'snapshot.json')] }) };

function pointer(path: Path): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

describe('files with a wrong JSON type anywhere: exit 2 in one line, or a correct scan; never an internal error', () => {
  const tmp = useTempDir('aiscan-wrong-types-');
  let runs = 0;

  /** A fresh work folder holding the fixtures, the estate and a baseline written by a scan of it. */
  async function workFolder(): Promise<string> {
    const work = tmp.path(`work-${runs++}`);
    cpSync(FIXTURES, work, { recursive: true });
    return work;
  }

  let baseline: Json;
  beforeAll(async () => {
    const work = await workFolder();
    const out = join(work, 'first-scan');
    const { code } = await runCli('scan', '--snapshot', join(work, ESTATE), '--config', join(work, 'config.json'), '--out', out, '--format', 'sarif', '--fail-on', 'none');
    expect(code).toBe(0);
    baseline = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Json;
  });

  /** Runs the scan with `document` written to the kind's file: its exit code, and what is wrong with the outcome, if anything. */
  async function scanWith(kind: Kind, work: string, document: Json | undefined): Promise<{ code: number; problem?: string }> {
    const file = join(work, kind.file);
    writeFileSync(file, document === undefined ? '' : JSON.stringify(document));
    const out = join(work, 'out');
    rmSync(out, { recursive: true, force: true });
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();
    let [code, stdout, stderr] = [0, '', ''];
    try {
      const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
      code = await scanCommand({ snapshots: [join(work, ESTATE)], ...kind.flags(work), out, formats: ['json', 'sarif'], quiet: false }, io);
    } catch (error) {
      [code, stderr] = isUserError(error) ? [error.exitCode, `aiscan: ${error.message}\n`] : [4, `aiscan: internal error: ${(error as Error).stack}\n`];
    }
    if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeBefore || ({} as Record<string, unknown>).polluted !== undefined) return { code, problem: 'Object.prototype changed' };
    const lines = stderr.split('\n').filter((line) => line !== '');
    if (code === 2) {
      if (lines.length !== 1) return { code, problem: `exit 2 with ${lines.length} lines: ${stderr.slice(0, 300)}` };
      if (!/^aiscan: /.test(lines[0]) || /internal error|\n\s+at |\[object Object\]/.test(lines[0])) return { code, problem: `exit 2 but: ${lines[0]}` };
      // The line names the file, or (for a config's rule settings) the rule or folder it names.
      // As given (absolute) or as aiscan shows a path: relative to the working directory, wherever the checkout is.
      const named = lines[0].includes(work) || lines[0].includes(relative(process.cwd(), work));
      if (!named && !/\brule\b|parameter/.test(lines[0])) return { code, problem: `exit 2 without naming the file: ${lines[0]}` };
      return { code };
    }
    if (![0, 1, 3].includes(code)) return { code, problem: `exit ${code}: ${stderr.slice(0, 300)}` };
    if (lines.length > 0) return { code, problem: `exit ${code} with stderr: ${stderr.slice(0, 300)}` };
    if (!/^(PASS|FAIL|NOTHING EVALUATED)/.test(stdout)) return { code, problem: `exit ${code} without a verdict: ${stdout.slice(0, 200)}` };
    return { code };
  }

  function seedOf(kind: Kind, work: string): Json {
    return kind.file === 'baseline.sarif' ? baseline : (JSON.parse(readFileSync(join(work, kind.file), 'utf8')) as Json);
  }

  it.each(KINDS)('$name: every position, every wrong type, and removed', async (kind) => {
    const work = await workFolder();
    const seed = seedOf(kind, work);
    // The seed itself scans correctly: otherwise every mutation could "pass" by failing the same way.
    const unchanged = await scanWith(kind, work, seed);
    expect(unchanged.problem).toBeUndefined();
    expect([0, 1, 3]).toContain(unchanged.code);
    const failures: string[] = [];
    const codes = new Set<number>();
    let tried = 0;
    for (const path of positions(seed)) {
      if (kind.skip?.test(pointer(path))) continue;
      for (const value of kind.onePerType?.test(pointer(path)) ? ONE_PER_TYPE : MUTATIONS) {
        if (value === REMOVE && path.length === 0) continue;
        tried++;
        const { code, problem } = await scanWith(kind, work, replaced(seed, path, value));
        codes.add(code);
        const shown = value === REMOVE ? 'removed' : JSON.stringify(value);
        if (problem) failures.push(`${kind.file} at ${pointer(path) || '/'} = ${shown}: ${problem}`);
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(failures).toEqual([]);
    // Both endings were reached: some mutations are refused (2), some still scan (0, 1 or 3).
    expect(codes.has(2) && [0, 1, 3].some((code) => codes.has(code))).toBe(true);
  }, 600_000);

  it.each([...KINDS, BUILT_IN])('$name: random JSON at random positions', async (kind) => {
    const work = await workFolder();
    const seed = seedOf(kind, work);
    const places = positions(seed).filter((path) => !kind.skip?.test(pointer(path)));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...places), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>), { minLength: 1, maxLength: 3 }),
        async (mutations) => {
          let document: Json | undefined = seed;
          for (const [path, value] of mutations) {
            if (document === undefined) break;
            try {
              document = replaced(document, path, value);
            } catch {
              // An earlier mutation removed the parent of this path: skip it.
            }
          }
          const { problem } = await scanWith(kind, work, document);
          if (problem) throw new Error(problem);
        },
      ),
      { numRuns: kind === BUILT_IN ? 40 : 60 },
    );
  }, 600_000);
});
