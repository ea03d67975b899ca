import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, expectCorrectScan, expectOneLineError, scanInProcess } from './harness.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Every file under test/hardening/corpus goes through `aiscan scan` in-process and ends in one of
 * two ways: exit 2 with one line naming the file and the place, or a correct scan. Never a stack
 * trace, never a change to Object.prototype. (Inputs that could hang or exhaust the stack, and the
 * large ones generated at test time, are in generated.test.ts, each in a process of its own.)
 */

type Expectation = RegExp | 'scan' | ((outcome: Awaited<ReturnType<typeof scanInProcess>>) => void);

const ESTATES: Record<string, Expectation> = {
  'empty.json': /:1:1: the file is empty/,
  'whitespace-only.json': /:1:1: the file is empty/,
  'truncated-mid-resource.json': /:\d+:\d+: invalid JSON/,
  'truncated-in-string.json': /:19:21: invalid JSON: unexpected end of string/,
  'trailing-comma.json': /:37:7: invalid JSON: property name expected/,
  'comments.json': /:1:1: invalid JSON/,
  'single-quotes.json': /:1:3: invalid JSON/,
  'nan-literal.json': /:1:106: invalid JSON/,
  'yaml.yaml': /:1:1: invalid JSON/,
  'top-level-string.json': /at \/: expected an aiscan snapshot/,
  'top-level-number.json': /at \/: expected an aiscan snapshot/,
  'top-level-null.json': /at \/: expected an aiscan snapshot/,
  'top-level-true.json': /at \/: expected an aiscan snapshot/,
  'unknown-shape.json': /at \/: expected an aiscan snapshot/,
  'wrong-format.json': /at \/format: expected "aiscan-snapshot", found "terraform-plan"/,
  'future-version.json': /at \/version: snapshot format version 2 is not one this aiscan reads/,
  'version-as-string.json': /at \/version: snapshot format version "1"/,
  'missing-resources.json': /at \/resources: missing required property "resources"/,
  'resources-is-object.json': /at \/resources: expected array/,
  'resources-is-null.json': /at \/resources: expected array/,
  'null-resource.json': /at \/resources\/1: expected object/,
  'number-resource.json': /at \/resources\/1: expected object/,
  'string-resource.json': /at \/resources\/0: expected object/,
  'id-is-number.json': /at \/0\/id: expected string/,
  'id-missing.json': /at \/0\/id: missing required property "id"/,
  'id-relative.json': /at \/0\/id: must match pattern/,
  'type-is-object.json': /at \/0\/type: expected string/,
  'name-is-array.json': /at \/0\/name: expected string/,
  'no-type-anywhere.json': /at \/0\/type: the resource has no type and its id "\/foo\/bar" does not name one/,
  'scopes-not-array.json': /at \/scopes: expected array/,
  'coverage-bad-status.json': /at \/coverage\/0\/status: expected one of/,
  'collected-at-not-date.json': /at \/collectedAt: must match format "date-time"/,
  'invalid-utf8.json': /is not valid UTF-8 text \(first invalid byte at line 13, column \d+\)/,
  // UTF-16 with its byte order mark is read, as az and kubectl read it (test/sources/text-encodings.test.ts); an unpaired surrogate is not UTF-16.
  'utf16-le.json': 'scan',
  'utf16-unpaired-surrogate.json': /utf16-unpaired-surrogate\.json:14:19: an estate file starts with a UTF-16LE byte order mark but is not valid UTF-16LE text \(a surrogate without its pair\)/,
  'binary.json': /is not valid UTF-8 text/,
  'wrong-types-inside-resources.json': 'scan',
  'proto-keys.json': 'scan',
  'constructor-prototype-keys.json': 'scan',
  'byte-order-mark.json': 'scan',
  // Only the first page of a list: what the other pages hold was never read, so it is a coverage gap (exit 3), never a pass.
  'arm-list-with-next-link.json': (outcome) => {
    const log = expectCorrectScan(outcome);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toMatch(/holds only the first page of an ARM list \(it has a "nextLink"\)/);
    const gaps = log.runs[0].invocations![0].toolExecutionNotifications!.filter((n) => n.descriptor?.id === 'AIS-COVERAGE-GAP');
    expect(gaps.map((n) => n.properties!.subscriptionId).sort()).toEqual(['11111111-1111-1111-1111-111111111111', 'x']);
  },
  'resource-graph-with-skip-token.json': (outcome) => {
    expectCorrectScan(outcome);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toMatch(/holds only the first page of a Resource Graph result \(it has a "skip_token"\)/);
  },
  'duplicate-ids-differing-in-case.json': (outcome) => {
    const log = expectCorrectScan(outcome);
    expect(outcome.stdout).toMatch(/: at \/resources\/\d+: "[^"]+" is not scanned: its id is the same as that of "[^"]+" at .* \(ids compare ignoring ASCII case, as in Azure\), which is scanned instead/);
    // The first spelling is the one scanned: the NIC without accelerated networking.
    const net = (log.runs[0].results ?? []).filter((r) => r.ruleId === 'AIS-NET-001');
    expect(net.map((r) => r.properties!.resourceId)).toEqual([expect.stringMatching(/networkInterfaces\/nic1$/)]);
  },
  'duplicate-top-level-keys.json': (outcome) => {
    // JSON.parse keeps the last "resources"; so does aiscan, and its findings point into that one.
    const log = expectCorrectScan(outcome);
    const lines = readFileSync(join(CORPUS, 'estates', 'duplicate-top-level-keys.json'), 'utf8');
    expect((log.runs[0].results ?? []).length).toBeGreaterThan(0);
    for (const result of log.runs[0].results ?? []) {
      expect(result.locations![0].physicalLocation!.region!.startColumn).toBeGreaterThan(lines.indexOf('"resources":[{"id"') + 1);
    }
  },
  'escaped-resources-key.json': (outcome) => {
    // "res\u006furces" is "resources": the first key, then the empty "resources" after it wins.
    expectCorrectScan(outcome);
    expect(outcome.stdout).toMatch(/^NOTHING EVALUATED: /);
  },
  'escapes-and-surrogates.json': 'scan',
  'numbers-at-the-edge.json': 'scan',
  'markup-in-names.json': 'scan',
};

const RULE_FOLDERS: Record<string, Expectation> = {
  'invalid-json': /AIS-TST-001\.json:11:4: invalid JSON/,
  'missing-assert': /at \/assert: missing required property "assert"/,
  'unknown-top-level-key': /at \/severtiy: unexpected property "severtiy"/,
  'wrong-severity': /at \/severity: expected one of "critical"/,
  'invalid-schema-type': /at \/assert\/properties\/tags\/type: not a valid JSON Schema: expected one of "array"/,
  'unknown-keyword': /at \/assert: not a valid JSON Schema: strict mode: unknown keyword: "enumIgnoreCases" \(at \/assert\/properties\/name\/enumIgnoreCases\)/,
  'keyword-wrong-value': /at \/assert\/properties\/name\/enumIgnoreCase: the value of "enumIgnoreCase" must be array/,
  'invalid-regex': /at \/assert: not a valid JSON Schema: pattern "\(\[unclosed" is not a valid regular expression.* \(at \/assert\/properties\/name\/pattern\)$/,
  'undeclared-parameter': /at \/assert\/properties\/name\/maxLength: parameter "limit" is not declared/,
  'parameter-default-violates-schema': /at \/parameters\/limit\/default: "ten": expected integer/,
  'parameter-missing-default': /at \/parameters\/limit\/default: missing required property "default"/,
  'parameter-makes-schema-invalid': /at \/assert\/properties\/name\/maxLength: not a valid JSON Schema: expected integer/,
  'duplicate-id': /b\/AIS-TST-001\.json: rule id AIS-TST-001 or name TestCopy is already used by .*a\/AIS-TST-001\.json/,
  // A rule named like another one's file: its tests, page and messages would be the other rule's.
  'file-name-not-id': /team\/AIS-TST-001\.json: at \/id: a rule's file is named after its id: rename the file AIS-TST-002\.json/,
  'clashes-with-builtin': /rule id AIS-AKS-001 or name \w+ is already used by rules\/aks\/AIS-AKS-001\.json/,
  'rule-is-array': /at \/: expected object/,
  'rule-is-null': /at \/: expected object/,
  'resource-types-empty': /at \/resourceTypes: must NOT have fewer than 1 items/,
  'resource-types-wrong-type': /at \/resourceTypes: expected array/,
  'when-not-object': /at \/when: expected object/,
  'remote-ref': /at \/assert: not a valid JSON Schema: can't resolve reference https:\/\/example\.com.* \(at \/assert\/\$ref\)$/,
  'proto-key': /at \/__proto__: unexpected property "__proto__"/,
  'catastrophic-pattern': 'scan',
  'catastrophic-pattern-properties': 'scan',
  'catastrophic-lookahead': 'scan', // a leading lookahead runs as a second linear-time match; see generated.test.ts
  'bounded-repeats': /at \/assert: not a valid JSON Schema: pattern "\^\[a-z\]\{0,1001\}.*" is refused: .*repeat count.* \(at \/assert\/properties\/name\/pattern\)$/,
  'recursive-ref': 'scan',
  // ajv skips a `__proto__` key in `properties`: the rule would check nothing there, so it is refused.
  'proto-in-schema': /at \/assert\/properties\/__proto__: the schema engine skips a key named "__proto__"/,
  'huge-message-placeholders': 'scan',
  'bom-and-comment': 'scan',
  'locate-nowhere': 'scan',
  'empty-folder': 'scan',
};

const CONFIGS: Record<string, Expectation> = {
  'invalid-json.json': /:4:3: invalid JSON: comma expected/,
  'empty.json': /:1:1: a config file is empty/,
  'every-field-wrong.json': /:\d+:\d+: at \/rules\//,
  'top-level-array.json': /:1:1: at \/: expected object/,
  'rules-wrong-type.json': /:2:3: at \/rules: expected object/,
  'severity-unknown-level.json': /at \/rules\/severity\/AIS-AKS-\*: expected one of/,
  'formats-unknown.json': /at \/reports\/formats\/1: expected one of/,
  // "__proto__" is an own key, as JSON.parse makes it, never the parsed object's prototype.
  'proto-keys.json': /:1:100: at \/rules\/parameters\/__proto__: "__proto__" is not in the expected form/,
  'constructor-key.json': /:\d+:\d+: at \/rules\/parameters\/constructor/,
  'utf16.json': 'scan',
  'parameters-wrong-type.json': /at \/rules\/parameters\/AIS-QUOTA-001\/maxUtilisationPercent: "eighty": expected number/,
  'parameter-bounded-repeats.json': /at \/rules\/parameters\/AIS-AKS-001\/taintPattern: rule AIS-AKS-001 cannot use this value: .*is refused: .*repeat count/,
  'parameters-unknown-rule.json': /at \/rules\/parameters: parameters given for unknown rule id\(s\): AIS-NOPE-999/,
  'parameters-unknown-name.json': /at \/rules\/parameters\/AIS-QUOTA-001\/maxUtilizationPercent: rule AIS-QUOTA-001 has no parameter "maxUtilizationPercent"; it takes: maxUtilisationPercent/,
  'parameter-catastrophic-pattern.json': 'scan', // a leading lookahead runs as a second linear-time match
  'folders-missing.json': /at \/rules\/folders\/0: .*no-such-folder does not exist \(paths in a config file are relative to the config file\)/,
};
/** Config files checked elsewhere: generated.test.ts runs this one against ids that would make it backtrack. */
const CONFIGS_RUN_ELSEWHERE: Record<string, 'elsewhere'> = { 'scope-catastrophic-glob.json': 'elsewhere' };

/** Cases that still fail, and the bug that makes them fail (in files this suite's owner does not edit). */
const KNOWN_BUGS: Record<string, string> = {};

const SUPPRESSIONS: Record<string, Expectation> = {
  'invalid-json.json': /:1:43: invalid JSON: comma expected/,
  'every-field-wrong.json': /:\d+:\d+: at \/suppressions\/0\//,
  'not-a-list.json': /:2:3: at \/suppressions: expected array/,
  'missing-justification.json': /at \/suppressions\/0\/justification: missing required property "justification"/,
  'impossible-date.json': /at \/suppressions\/0\/expires: expected a date \(YYYY-MM-DD\)/,
  'permanent-without-approver.json': /at \/suppressions\/0\/approvedBy: missing required property "approvedBy"/,
  'proto-keys.json': /:1:98: at \/suppressions\/0\/__proto__: unexpected property "__proto__"/,
  'catastrophic-glob.json': 'scan', // harmless against the sample's ids; see generated.test.ts for ids that make it backtrack
};

const BASELINES: Record<string, Expectation> = {
  'not-sarif.json': /at \/runs: expected array/,
  'truncated.sarif': /:1:84: invalid JSON/,
  'other-tool.sarif': /at \/runs\/0\/tool\/driver\/name: expected "aiscan"/,
  'results-wrong-types.sarif': /at \/runs\/0\/results\/0: expected object/,
};

const SAMPLE = 'examples/estate/subscription-research.json';

function check(outcome: Awaited<ReturnType<typeof scanInProcess>>, file: string, expectation: Expectation): void {
  if (expectation === 'scan') expectCorrectScan(outcome);
  else if (typeof expectation === 'function') expectation(outcome);
  else expectOneLineError(outcome, file, expectation);
}

function everyEntryListed(folder: string, table: Record<string, unknown>): void {
  it(`lists every file of ${folder}`, () => {
    expect(readdirSync(join(CORPUS, folder)).sort()).toEqual(Object.keys(table).sort());
  });
}

describe('hostile and malformed inputs', () => {
  const tmp = useTempDir('aiscan-hardening-');
  let run = 0;
  const out = () => tmp.path(`out-${run++}`);

  describe('estate files (--snapshot)', () => {
    everyEntryListed('estates', ESTATES);
    it.each(Object.entries(ESTATES))('%s', async (name, expectation) => {
      const file = join(CORPUS, 'estates', name);
      check(await scanInProcess(['--snapshot', file, '--fail-on', 'none', '--format', 'sarif', 'json', 'md', 'html', 'junit'], out()), file, expectation);
    });
  });

  describe('rule folders (--rules)', () => {
    everyEntryListed('rules', RULE_FOLDERS);
    it.each(Object.entries(RULE_FOLDERS))('%s', async (name, expectation) => {
      const folder = join(CORPUS, 'rules', name);
      check(await scanInProcess(['--snapshot', SAMPLE, '--rules', folder, '--fail-on', 'none'], out()), folder, expectation);
    });
  });

  describe('configuration files (--config)', () => {
    everyEntryListed('configs', { ...CONFIGS, ...CONFIGS_RUN_ELSEWHERE });
    it.each(Object.entries(CONFIGS).filter(([name]) => !Object.hasOwn(KNOWN_BUGS, name)))('%s', async (name, expectation) => {
      const file = join(CORPUS, 'configs', name);
      const outcome = await scanInProcess(['--snapshot', SAMPLE, '--config', file], out());
      check(outcome, file, expectation);
    });

    // Each of these fails until the bug named is fixed; then `it.failing` fails and tells us to move it back.
    for (const [name, bug] of Object.entries(KNOWN_BUGS)) {
      it.failing(`${name} (known bug: ${bug})`, async () => {
        const file = join(CORPUS, 'configs', name);
        check(await scanInProcess(['--snapshot', SAMPLE, '--config', file], out()), file, CONFIGS[name]);
      });
    }
  });

  describe('suppression files (--suppressions)', () => {
    everyEntryListed('suppressions', SUPPRESSIONS);
    it.each(Object.entries(SUPPRESSIONS))('%s', async (name, expectation) => {
      const file = join(CORPUS, 'suppressions', name);
      check(await scanInProcess(['--snapshot', SAMPLE, '--suppressions', file, '--fail-on', 'none'], out()), file, expectation);
    });
  });

  describe('baseline files (--baseline)', () => {
    everyEntryListed('baselines', BASELINES);
    it.each(Object.entries(BASELINES))('%s', async (name, expectation) => {
      const file = join(CORPUS, 'baselines', name);
      check(await scanInProcess(['--snapshot', SAMPLE, '--baseline', file], out()), file, expectation);
    });
  });

  it('escapes markup from resource names in every report format', async () => {
    const outcome = await scanInProcess(['--snapshot', join(CORPUS, 'estates', 'markup-in-names.json'), '--fail-on', 'none', '--format', 'html', 'junit', 'md'], out());
    expect(outcome.code).toBe(0);
    const html = readFileSync(join(outcome.out, 'aiscan.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x onerror=alert(2)>');
    const junit = readFileSync(join(outcome.out, 'aiscan.junit.xml'), 'utf8');
    expect(junit).not.toMatch(/[\u0000\u0007]/);
    expect(junit).not.toContain('<script>');
  });
});
