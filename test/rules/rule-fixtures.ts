import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource, CoverageEntry, ScannedScope } from '../../src/estate.js';

/**
 * A rule's proof, as data: mini-estates that pass it, break it (naming the exact findings), and
 * that it does not apply to. One file per rule: test/rules/fixtures/<RULE-ID>.json.
 */
export interface RuleCase {
  name: string;
  resources: ArmResource[];
  scopes?: ScannedScope[];
  coverage?: CoverageEntry[];
  parameters?: Record<string, unknown>;
  /** For a case that does not apply: which of the two outcomes it must be (either, when absent). */
  outcome?: 'notApplicable' | 'notEvaluated';
}

export interface ExpectedFinding {
  resource: string;
  paths: string[];
  message: string;
}

export interface RuleFixtures {
  rule: string;
  valid: RuleCase[];
  invalid: (RuleCase & { findings: ExpectedFinding[] })[];
  notApplicable: RuleCase[];
}

export const FIXTURES_DIR = join(process.cwd(), 'test', 'rules', 'fixtures');

/** A rule without a fixture file gets empty fixtures, so the pack test fails on it by name instead of crashing. */
export function readRuleFixtures(ruleId: string): RuleFixtures {
  const file = join(FIXTURES_DIR, `${ruleId}.json`);
  if (!existsSync(file)) return { rule: ruleId, valid: [], invalid: [], notApplicable: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as RuleFixtures;
}

export function fixtureRuleIds(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''));
}
