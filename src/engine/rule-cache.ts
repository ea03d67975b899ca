/**
 * User rules compiled once and kept on disk, by a hash of everything a compiled rule comes from:
 * the build of aiscan compiling it, the rule as read, its folder (its area), the parameter values
 * the configuration gives it, and every condition in play. The next scan with the same rule takes
 * it from there instead of compiling it, in the format of the built-in pack (rule-pack.ts).
 *
 * What is kept is code that a scan runs, so the cache is used only where nobody else can write:
 * a folder and files owned by the user running aiscan and writable by no one else (made so,
 * 0700 and 0600), as ssh treats its keys; anything else is passed over and the rule compiled.
 * Never restore this folder from a source you would not run code from (a CI cache a pull request
 * can write). Only built code (dist/) uses it, and each build its own entries (a build removes
 * those of earlier ones). Off with AISCAN_RULE_CACHE=off, and in CI unless AISCAN_RULE_CACHE=on;
 * the folder is AISCAN_CACHE_DIR, else $XDG_CACHE_HOME/aiscan, else ~/.cache/aiscan.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Ajv } from 'ajv';
import { buildId, sourceHash } from '../precompiled.js';
import { readRulePack, rulePackFiles } from './rule-pack.js';
import type { CompiledRule, RuleDefinition } from './rule.js';

export interface RuleCache {
  folder: string;
  /** The build whose code compiles (and reads) the entries. */
  build: string;
}

/**
 * The cache of this build of aiscan, or undefined: not a build, switched off, or no user ids to
 * check ownership by (Windows). Off in CI (`CI` set) unless AISCAN_RULE_CACHE=on: a runner's jobs,
 * a pull request's among them, share its home, and a fresh runner has nothing cached anyway.
 */
export function defaultRuleCache(env: NodeJS.ProcessEnv = process.env): RuleCache | undefined {
  const build = buildId();
  const inCi = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  if (build === undefined || env.AISCAN_RULE_CACHE === 'off' || (inCi && env.AISCAN_RULE_CACHE !== 'on') || typeof process.getuid !== 'function') return undefined;
  const base = env.AISCAN_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aiscan');
  return { folder: join(base, 'rules'), build };
}

export interface CachedRuleSource {
  definition: RuleDefinition;
  area: string;
  overrides: Readonly<Record<string, unknown>> | undefined;
  /** Conditions.fingerprint() of the conditions the rule may use. */
  conditions: string;
}

/** The name of the rule's entry: the build's, then a hash of what the rule is compiled from. */
export function ruleCacheKey(cache: RuleCache, source: CachedRuleSource): string {
  return `${cache.build}-${sourceHash(JSON.stringify(source.definition), source.area, JSON.stringify(source.overrides ?? null), source.conditions)}`;
}

const ENTRY_FILE = /^([0-9a-f-]{36})-[0-9a-f]{64}\.(json|cjs)$/;
const pruned = new Set<string>();

/** Removes, once a run, the entries of other builds, which no build reads again. */
function pruneOtherBuilds(cache: RuleCache): void {
  const done = `${cache.folder}\0${cache.build}`;
  if (pruned.has(done)) return;
  pruned.add(done);
  for (const name of readdirSync(cache.folder)) {
    const entry = ENTRY_FILE.exec(name);
    if (entry && entry[1] !== cache.build) rmSync(join(cache.folder, name), { force: true });
  }
}

/** Owned by this user, writable by nobody else, and what it should be (not a link). */
function trusted(stats: Stats, kind: 'folder' | 'file'): boolean {
  return (kind === 'folder' ? stats.isDirectory() : stats.isFile()) && stats.uid === process.getuid?.() && (stats.mode & 0o022) === 0;
}

function isTrusted(path: string, kind: 'folder' | 'file'): boolean {
  try {
    return trusted(lstatSync(path), kind);
  } catch {
    return false;
  }
}

/** The rule kept under `key`, as loadRules would compile it but for `file`; undefined when there is none to trust. */
export function readCachedRule(cache: RuleCache, key: string, file: string): CompiledRule | undefined {
  if (!isTrusted(cache.folder, 'folder') || !isTrusted(join(cache.folder, `${key}.json`), 'file') || !isTrusted(join(cache.folder, `${key}.cjs`), 'file')) return undefined;
  try {
    const entry = readRulePack(key, cache.folder, key)?.rules[0];
    return entry && { ...entry.rule, file, ...entry.validators() };
  } catch {
    return undefined; // a damaged entry: compiled again, and written over
  }
}

/** Keeps `rule`, compiled by `ajv` (made with `code: { source: true }`), under `key`; a cache that cannot be written is passed over. */
export function writeCachedRule(cache: RuleCache, key: string, rule: CompiledRule, ajv: Ajv): void {
  try {
    mkdirSync(cache.folder, { recursive: true, mode: 0o700 });
    if (!isTrusted(cache.folder, 'folder')) return;
    pruneOtherBuilds(cache);
    const { code, json } = rulePackFiles([rule], key, ajv);
    // The code first: an entry is read only once its JSON is there.
    for (const [name, text] of [
      [`${key}.cjs`, code],
      [`${key}.json`, json],
    ]) {
      const temporary = join(cache.folder, `${name}.${process.pid}.tmp`);
      rmSync(temporary, { force: true });
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, join(cache.folder, name));
    }
  } catch {
    // A read-only or full disk: the rule was compiled, and the next scan compiles it again.
  }
}
