import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/engine/load-rules.js';
import type { RuleCache } from '../../src/engine/rule-cache.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import { packagePath } from '../../src/package-info.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * User rules compiled once and kept on disk (src/engine/rule-cache.ts): the next load takes them
 * from there, exactly as compiled, and only from a folder nobody else can write.
 */
describe('the compiled-rule cache', () => {
  const tmp = useTempDir('aiscan-rule-cache-');
  const BUILD = '0b5c5a1e-7d4a-42c3-ac90-39aa072548b6';
  let rules: string;
  let cacheNumber = 0;

  /** A rules folder with one rule, a copy of a built-in one under its own id. */
  beforeAll(() => {
    rules = tmp.path('rules');
    mkdirSync(join(rules, 'custom'), { recursive: true });
    const rule = JSON.parse(readFileSync(packagePath('rules', 'aks', 'AIS-AKS-011.json'), 'utf8'));
    writeFileSync(join(rules, 'custom', 'ACME-AKS-011.json'), JSON.stringify({ ...rule, id: 'ACME-AKS-011', name: 'AcmeSpotGpuPoolEvicts' }, null, 2));
  });

  function freshCache(build = BUILD): RuleCache {
    const folder = tmp.path(`cache-${++cacheNumber}`, 'rules');
    return { folder, build };
  }

  const load = (ruleCache: RuleCache, parameters?: Record<string, Record<string, unknown>>) =>
    loadRules({ builtin: false, directories: [rules], ...(parameters ? { parameters } : {}) }, { pack: null, ruleCache }).find((rule) => rule.id === 'ACME-AKS-011')!;
  const entries = (cache: RuleCache) => readdirSync(cache.folder).sort();
  const fromCache = (rule: CompiledRule) => !('schemaEnv' in rule.assertValidator);
  const spot = { name: 'gpu', scaleSetPriority: 'Spot', scaleSetEvictionPolicy: 'Deallocate', nodeTaints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'] };

  it('keeps a rule compiled once, and takes it from there the next time, the same rule', () => {
    const cache = freshCache();
    const compiled = load(cache);
    expect(fromCache(compiled)).toBe(false);
    expect(entries(cache)).toHaveLength(2);
    const cached = load(cache);
    expect(fromCache(cached)).toBe(true);
    const data = ({ whenValidator, assertValidator, warnings: _warnings, ...rule }: CompiledRule) => ({ ...rule, when: whenValidator?.schema, assert: assertValidator.schema });
    expect(data(cached)).toEqual(data(compiled));
    expect(cached.assertValidator(spot)).toBe(compiled.assertValidator(spot));
    expect(cached.assertValidator.errors).toEqual(compiled.assertValidator.errors);
    expect(cached.assertValidator.errors?.length).toBeGreaterThan(0);
  });

  it('compiles a rule again when its file or its parameters change', () => {
    const cache = freshCache();
    load(cache);
    const changed = load(cache, { 'ACME-AKS-011': { evictionPolicies: ['Delete', 'Deallocate'] } });
    expect(fromCache(changed)).toBe(false);
    expect(changed.assertValidator(spot)).toBe(true);
    expect(entries(cache)).toHaveLength(4);
    const file = join(rules, 'custom', 'ACME-AKS-011.json');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace('"message": "', '"message": "Edited: '));
      const edited = load(cache);
      expect(fromCache(edited)).toBe(false);
      expect(edited.message).toMatch(/^Edited: /);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('takes nothing from, and writes nothing to, a folder others can write', () => {
    const cache = freshCache();
    load(cache);
    chmodSync(cache.folder, 0o777);
    expect(fromCache(load(cache))).toBe(false);
    chmodSync(cache.folder, 0o700);
    expect(fromCache(load(cache))).toBe(true);
    const other = freshCache();
    mkdirSync(other.folder, { recursive: true, mode: 0o775 });
    chmodSync(other.folder, 0o775);
    load(other);
    expect(entries(other)).toEqual([]);
  });

  it('passes over an entry others can write, or one that is damaged, and writes it again', () => {
    const cache = freshCache();
    load(cache);
    const [code, json] = entries(cache).map((name) => join(cache.folder, name));
    chmodSync(code, 0o666);
    expect(fromCache(load(cache))).toBe(false);
    expect(fromCache(load(cache))).toBe(true); // written again, by this user, 0600
    writeFileSync(json, '{"sourceHash": "');
    chmodSync(json, 0o600);
    expect(fromCache(load(cache))).toBe(false);
    expect(fromCache(load(cache))).toBe(true);
  });

  it('is each build’s own: another build compiles again and removes the entries it cannot use', () => {
    const cache = freshCache();
    load(cache);
    const before = entries(cache);
    const next = { ...cache, build: '1c6d6b2f-8e5b-53d4-bd01-4abb183659c7' };
    expect(fromCache(load(next))).toBe(false);
    const after = entries(next);
    expect(after).toHaveLength(2);
    expect(after.some((name) => before.includes(name))).toBe(false);
  });
});
