import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../src/engine/evaluate.js';
import { BUILTIN_RULES_DIR, createRuleAjv, findRuleFiles, loadRules } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import { builtinRulesHash, readRulePack, RULE_PACK, rulePackFiles, type RulePack } from '../../src/engine/rule-pack.js';
import { ruleWarnings } from '../../src/engine/check-rule-reads.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { readPrecompiled } from '../../src/precompiled.js';
import { loadEstate } from '../../src/sources/load-estate.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * The built-in pack as the build writes it (scripts/precompile.ts), read back: the same rules, and
 * validators that judge every resource as the ones compiled at run time do.
 */
describe('the precompiled built-in rule pack', () => {
  const tmp = useTempDir('aiscan-rule-pack-');
  let hash: string;
  let pack: RulePack;
  let compiled: CompiledRule[];
  let precompiled: CompiledRule[];

  beforeAll(() => {
    const ajv = createRuleAjv(false, true);
    hash = builtinRulesHash(findRuleFiles(BUILTIN_RULES_DIR), BUILTIN_RULES_DIR);
    const files = rulePackFiles(loadRules({}, { ajv, pack: null }), hash, ajv);
    writeFileSync(tmp.path(`${RULE_PACK}.cjs`), files.code);
    writeFileSync(tmp.path(`${RULE_PACK}.json`), files.json);
    pack = readRulePack(hash, tmp.path())!;
    compiled = loadRules({}, { pack: null });
    precompiled = loadRules({}, { pack });
  });

  const withoutCode = ({ whenValidator, assertValidator, warnings: _warnings, ...rule }: CompiledRule) => ({
    ...rule,
    whenSchema: whenValidator?.schema,
    assertSchema: assertValidator.schema,
    hasWhen: whenValidator !== undefined,
  });

  it('holds every built-in rule as loadRules compiles it: the same fields, schemas and warnings', () => {
    expect(pack.rules).toHaveLength(compiled.length);
    expect(precompiled.map(withoutCode)).toEqual(compiled.map(withoutCode));
    expect(precompiled.map((rule) => rule.file)).toEqual(compiled.map((rule) => rule.file));
    expect(precompiled.flatMap(ruleWarnings)).toEqual(compiled.flatMap(ruleWarnings));
  });

  it('evaluates the sample estate exactly as the rules compiled at run time: findings, messages, places, outcomes', () => {
    const estate = loadEstate(readdirEstate());
    const items = enrichEstate(estate);
    const byPack = evaluate(precompiled, items, estate, { recordOutcomes: true });
    const atRunTime = evaluate(compiled, items, estate, { recordOutcomes: true });
    expect(byPack.findings.length).toBeGreaterThan(0);
    expect(byPack).toEqual(atRunTime);
  });

  it('gives each validator the errors of its last call, as ajv does', () => {
    const rule = precompiled.find((candidate) => candidate.id === 'AIS-AKS-011')!;
    const same = compiled.find((candidate) => candidate.id === 'AIS-AKS-011')!;
    const failing = { name: 'gpu', properties: {}, scaleSetPriority: 'Spot', scaleSetEvictionPolicy: 'Deallocate', nodeTaints: [] };
    expect(rule.assertValidator(failing)).toBe(same.assertValidator(failing));
    expect(rule.assertValidator.errors).toEqual(same.assertValidator.errors);
    expect(rule.assertValidator.errors?.length).toBeGreaterThan(0);
    expect(rule.assertValidator({ nodeTaints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'], scaleSetEvictionPolicy: 'delete' })).toBe(true);
    expect(rule.assertValidator.errors).toBeNull();
  });

  it('compiles at run time a rule whose parameters the configuration changes, and takes the others from the pack', () => {
    const parameters = { 'AIS-AKS-011': { evictionPolicies: ['Delete', 'Deallocate'] } };
    const rules = loadRules({ parameters }, { pack });
    const changed = rules.find((rule) => rule.id === 'AIS-AKS-011')!;
    expect(changed.parameterValues).toEqual({ evictionPolicies: ['Delete', 'Deallocate'] });
    expect(changed.assertValidator({ nodeTaints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'], scaleSetEvictionPolicy: 'Deallocate' })).toBe(true);
    // ajv's own validators carry their compiled environment; the pack's do not.
    expect('schemaEnv' in changed.assertValidator).toBe(true);
    expect(rules.filter((rule) => rule.id !== 'AIS-AKS-011').every((rule) => !('schemaEnv' in rule.assertValidator))).toBe(true);
  });

  it('is not taken when a built-in rule file differs from what it was built from', () => {
    const copy = tmp.path('rules');
    cpSync(BUILTIN_RULES_DIR, copy, { recursive: true });
    const copyFiles = findRuleFiles(copy);
    expect(builtinRulesHash(copyFiles, copy)).toBe(hash);
    const edited = copyFiles[0];
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('"title": "', '"title": "Edited: '));
    expect(builtinRulesHash(copyFiles, copy)).not.toBe(hash);
    expect(readRulePack(builtinRulesHash(copyFiles, copy), tmp.path())).toBeUndefined();
  });

  it('is read only by the build’s code: run from src/, aiscan compiles its rules', () => {
    expect(readPrecompiled(RULE_PACK, hash)).toBeUndefined();
  });
});

function readdirEstate(): string[] {
  return ['subscription-research.json', 'subscription-production.json', 'kubernetes-aks-research-gpu.json'].map((name) => join('examples', 'estate', name));
}
