import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadRules } from '../engine/load-rules.js';
import type { CompiledRule } from '../engine/rule.js';
import { isUserError } from '../errors.js';
import { loadWithParameters, parameterKey, type ParameterRequest } from './case-rules.js';
import { checkCase, type Difference } from './check-case.js';
import { testFilesUnder } from './find-test-files.js';
import { runCase } from './run-case.js';
import { errorAt, readRuleTests, testFileOf, TEST_FILE_SUFFIX, type CaseKind, type LocatedCase, type RuleTests } from './test-file.js';

export interface CaseResult {
  located: LocatedCase;
  differences: Difference[];
}

/**
 * passed: every case holds. failed: a case does not hold, or the rule lacks a passing or a failing
 * case. untested: no test file. error: the test file cannot be run (malformed, or a case's parameters refused).
 */
export type RuleTestStatus = 'passed' | 'failed' | 'untested' | 'error';

export interface RuleTestResult {
  /** Absent for a test file with no rule beside it. */
  rule?: CompiledRule;
  testFile: string;
  status: RuleTestStatus;
  cases: CaseResult[];
  /** The kinds of case every rule needs that its file lacks. */
  missing: CaseKind[];
  error?: string;
}

/** Every rule proves itself with at least one case that passes it and one that breaks it. */
export const REQUIRED_KINDS: readonly CaseKind[] = ['valid', 'invalid'];

/**
 * Runs the tests beside every rule in the folders. The rules are loaded as `rules validate` loads
 * them (a rule file that does not load is an error for the whole run); each case runs through a
 * scan's stages against the rule compiled as a scan compiles it.
 */
export function runRuleTests(directories: readonly string[]): RuleTestResult[] {
  const rules = loadRules({ directories, builtin: false });
  const results: RuleTestResult[] = [];
  const runnable: { result: RuleTestResult; tests: RuleTests }[] = [];
  for (const rule of rules) {
    const testFile = testFileOf(rule.file);
    const result: RuleTestResult = { rule, testFile, status: 'untested', cases: [], missing: [] };
    results.push(result);
    if (!existsSync(testFile)) continue;
    try {
      const tests = readRuleTests(testFile);
      checkParameterNames(rule, tests);
      runnable.push({ result, tests });
    } catch (error) {
      failWith(result, error);
    }
  }

  const requests = parameterRequests(runnable);
  const { rules: withParameters, problems } = loadWithParameters(directories, [...new Set(requests.values())]);
  for (const problem of problems) {
    const [key] = [...requests].find(([, request]) => request === problem.request)!;
    const { result, tests } = runnable.find((entry) => entry.result.rule === problem.request.rule)!;
    const located = tests.cases.find((candidate) => requestKey(problem.request.rule, candidate) === key)!;
    failWith(result, errorAt(tests.file, tests.text, `${located.pointer}/parameters${problem.at}`, problem.reason));
  }

  for (const { result, tests } of runnable) {
    if (result.status === 'error') continue;
    try {
      for (const located of tests.cases) {
        const key = requestKey(result.rule!, located);
        const request = key === undefined ? undefined : requests.get(key);
        const rule = request ? withParameters.get(request)! : result.rule!;
        const run = runCase(rule, located, `${tests.file}#${located.pointer}`);
        result.cases.push({ located, differences: checkCase(located, run) });
      }
    } catch (error) {
      failWith(result, error);
      continue;
    }
    result.missing = REQUIRED_KINDS.filter((kind) => !tests.cases.some((located) => located.kind === kind));
    result.status = result.missing.length > 0 || result.cases.some((c) => c.differences.length > 0) ? 'failed' : 'passed';
  }

  return [...results, ...orphans(directories, results)];
}

/** 0 when every rule's cases hold, 1 when a case fails or a rule has no (or too few) tests, 2 when a test file cannot be run. */
export function ruleTestsExitCode(results: readonly RuleTestResult[]): 0 | 1 | 2 {
  if (results.some((result) => result.status === 'error')) return 2;
  return results.every((result) => result.status === 'passed') ? 0 : 1;
}

function failWith(result: RuleTestResult, error: unknown): void {
  if (!isUserError(error)) throw error;
  result.status = 'error';
  result.error = error.message;
  result.cases = [];
}

/** A case naming a parameter its rule does not take is the test file's mistake: say where. */
function checkParameterNames(rule: CompiledRule, tests: RuleTests): void {
  const known = Object.keys(rule.parameters ?? {});
  for (const located of tests.cases) {
    for (const name of Object.keys(located.testCase.parameters ?? {})) {
      if (known.includes(name)) continue;
      const takes = known.length ? `it takes: ${known.join(', ')}` : 'it takes no parameters';
      throw errorAt(tests.file, tests.text, `${located.pointer}/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, `rule ${rule.id} has no parameter "${name}"; ${takes}`);
    }
  }
}

function requestKey(rule: CompiledRule, located: LocatedCase): string | undefined {
  const parameters = located.testCase.parameters;
  return parameters && Object.keys(parameters).length > 0 ? `${rule.file}\n${parameterKey(parameters)}` : undefined;
}

/** One request per rule and distinct set of values, keyed as requestKey keys the cases. */
function parameterRequests(runnable: readonly { result: RuleTestResult; tests: RuleTests }[]): Map<string, ParameterRequest> {
  const requests = new Map<string, ParameterRequest>();
  for (const { result, tests } of runnable) {
    for (const located of tests.cases) {
      const key = requestKey(result.rule!, located);
      if (key !== undefined && !requests.has(key)) requests.set(key, { rule: result.rule!, parameters: located.testCase.parameters! });
    }
  }
  return requests;
}

/** Test files with no rule file beside them: a renamed or deleted rule would otherwise leave its tests silently unrun. */
function orphans(directories: readonly string[], results: readonly RuleTestResult[]): RuleTestResult[] {
  const seen = new Set(results.map((result) => resolve(result.testFile)));
  const visited = new Set<string>();
  return directories
    .flatMap((directory) => testFilesUnder(directory, visited))
    .filter((file) => !seen.has(resolve(file)) && seen.add(resolve(file)))
    .map((testFile) => ({
      testFile,
      status: 'error' as const,
      cases: [],
      missing: [],
      error: `${testFile}: no rule file ${basename(testFile, TEST_FILE_SUFFIX)}.json beside it; rename the test file after its rule, or delete it`,
    }));
}
