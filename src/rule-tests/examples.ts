import { existsSync } from 'node:fs';
import type { CompiledRule } from '../engine/rule.js';
import type { ArmResource } from '../estate.js';
import { readRuleTests, testFileOf } from './test-file.js';

/** The cases a rule's documentation page shows as examples. */
export interface RuleExamples {
  valid: { name: string; resources: ArmResource[] }[];
  invalid: { name: string; resources: ArmResource[]; findings: { message: string; paths: string[] }[] }[];
}

/** The examples a rule's documentation page shows: its test cases, read from the test file beside it (none without one). */
export function ruleExamples(rule: CompiledRule): RuleExamples {
  const testFile = testFileOf(rule.file);
  if (!existsSync(testFile)) return { valid: [], invalid: [] };
  const { cases } = readRuleTests(testFile);
  return {
    valid: cases.filter((c) => c.kind === 'valid').map((c) => ({ name: c.label, resources: c.testCase.resources })),
    invalid: cases
      .filter((c) => c.kind === 'invalid')
      .map((c) => ({ name: c.label, resources: c.testCase.resources, findings: [{ paths: c.testCase.paths ?? [], message: c.testCase.message ?? '' }] })),
  };
}
