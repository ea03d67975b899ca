import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, describeAjvError, errorPointer, mostSpecificError } from '../ajv.js';
import { fileError } from '../config/validated-file.js';
import type { ArmResource, CoverageEntry, ScannedScope } from '../estate.js';
import { UserError } from '../errors.js';
import { packagePath } from '../package-info.js';
import { readJsonFile, readTextFile } from '../json/read-json.js';

export const RULE_TEST_SCHEMA_FILE = 'schemas/rule-test.schema.json';

/** A rule's tests sit beside it: rules/x/MY-001.json → rules/x/MY-001.test.json. */
export const TEST_FILE_SUFFIX = '.test.json';

export function testFileOf(ruleFile: string): string {
  return ruleFile.replace(/\.json$/, TEST_FILE_SUFFIX);
}

export type CaseKind = 'valid' | 'invalid' | 'notApplicable';
export const CASE_KINDS: readonly CaseKind[] = ['valid', 'invalid', 'notApplicable'];

/** One case as written in a test file: a small estate and the item it is about. */
export interface RuleTestCase {
  name?: string;
  resources: ArmResource[];
  target: string;
  scopes?: ScannedScope[];
  coverage?: CoverageEntry[];
  parameters?: Record<string, unknown>;
  /** invalid: the exact failing paths, in aiscan's order. */
  paths?: string[];
  /** invalid: the exact message, when given. */
  message?: string;
  /** notApplicable: which of the two outcomes (either, when absent). */
  outcome?: 'notApplicable' | 'notEvaluated';
}

export type RuleTestFile = Partial<Record<CaseKind, RuleTestCase[]>>;

/** A case with where it sits in its file, for reports and errors. */
export interface LocatedCase {
  kind: CaseKind;
  index: number;
  /** JSON pointer of the case in its file: `/invalid/2`. */
  pointer: string;
  /** Its name, or `invalid[2]` when it has none. */
  label: string;
  testCase: RuleTestCase;
}

export interface RuleTests {
  file: string;
  text: string;
  cases: LocatedCase[];
}

let validator: ValidateFunction | undefined;

/** The published schema, with the snapshot schema it takes resources, scopes and coverage from. */
function validateTestFile(): ValidateFunction {
  if (!validator) {
    const ajv = createAjv({ allErrors: true, strictRequired: false });
    ajv.addSchema(JSON.parse(readTextFile(packagePath('schemas', 'snapshot.schema.json'), "aiscan's snapshot schema")) as object, 'snapshot.schema.json');
    validator = ajv.compile(JSON.parse(readTextFile(packagePath(RULE_TEST_SCHEMA_FILE), "aiscan's rule test schema")) as object);
  }
  return validator;
}

/** Reads and checks a test file; anything wrong is one line naming the file, line:column, pointer and reason. */
export function readRuleTests(file: string): RuleTests {
  const { text, value } = readJsonFile(file, 'a rule test file');
  const validate = validateTestFile();
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    throw errorAt(file, text, pointerOf(error), describe(error));
  }
  const tests = value as RuleTestFile;
  const cases = CASE_KINDS.flatMap((kind) =>
    (tests[kind] ?? []).map((testCase, index) => ({ kind, index, pointer: `/${kind}/${index}`, label: testCase.name ?? `${kind}[${index}]`, testCase })),
  );
  return { file, text, cases };
}

/** `file:line:column: at /pointer: reason`; the position is left out where the file is too deeply nested to find it. */
export function errorAt(file: string, text: string, pointer: string, reason: string): UserError {
  try {
    return fileError(file, text, pointer, reason);
  } catch (error) {
    if (error instanceof RangeError) return fileError(file, undefined, pointer, reason);
    throw error;
  }
}

function pointerOf(error: ErrorObject): string {
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  return propertyName === undefined ? errorPointer(error) : `${error.instancePath}/${propertyName.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function describe(error: ErrorObject): string {
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    const allowed = (error.params.allowedValues as string[] | undefined)?.join(', ');
    return `unexpected property ${JSON.stringify(propertyName)}${allowed ? ` (this kind of case takes: ${allowed})` : ''} (see ${RULE_TEST_SCHEMA_FILE})`;
  }
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/target')) return `expected the id of an item, starting with "/" (see ${RULE_TEST_SCHEMA_FILE})`;
  return `${describeAjvError(error)} (see ${RULE_TEST_SCHEMA_FILE})`;
}
