import { evaluate, type OutcomeCounts } from '../../src/engine/evaluate.js';
import { compileRule, createRuleAjv, readRuleFile } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import type { Finding } from '../../src/engine/finding.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';
import type { RuleCase } from './rule-fixtures.js';

export interface CaseResult {
  counts: OutcomeCounts;
  findings: Finding[];
}

/**
 * One ajv for every case of every rule, as a scan compiles the whole pack into one: a rule must
 * behave the same whatever other rules were compiled beside it (they share ajv's caches).
 */
const packAjv = createRuleAjv();

/** Runs one rule over one mini-estate through the real pipeline: input shape → facts → engine. */
export function runRuleCase(ruleFile: string, ruleCase: RuleCase): CaseResult {
  const rule: CompiledRule = compileRule(readRuleFile(ruleFile), ruleFile, packAjv, ruleCase.parameters);
  const estateFile = interpretEstateDocument(
    {
      format: 'aiscan-snapshot',
      version: 1,
      collectedAt: '2026-01-01T00:00:00Z',
      scopes: ruleCase.scopes ?? [],
      coverage: ruleCase.coverage ?? [],
      resources: ruleCase.resources,
    },
    `fixture "${ruleCase.name}"`,
  );
  const estate = mergeEstateFiles([estateFile]);
  const evaluation = evaluate([rule], enrichEstate(estate), estate);
  return { counts: evaluation.counts.get(rule.id)!, findings: evaluation.findings };
}
