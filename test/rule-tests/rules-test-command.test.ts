import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

const rule = {
  id: 'MY-001',
  name: 'ProductionVmOwnerTag',
  title: 'Production VMs name their owner in a tag',
  severity: 'medium',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  parameters: { tagName: { description: 'The tag that names the owner', default: 'owner', schema: { type: 'string', minLength: 1 } } },
  when: { required: ['tags'], properties: { tags: { required: ['environment'], properties: { environment: { const: 'production' } } } } },
  assert: { required: ['tags'], properties: { tags: { required: [{ $param: 'tagName' }] } } },
  message: 'VM {name} has no {parameters.tagName} tag.',
  description: 'Every production VM names its owner in a tag, so that someone answers for it.',
  remediation: { summary: 'Tag the VM with its owner.' },
};

function vm(name: string, tags: Record<string, string>): object {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`,
    type: 'Microsoft.Compute/virtualMachines',
    name,
    location: 'eastus',
    tags,
  };
}

const idOf = (name: string) => (vm(name, {}) as { id: string }).id;

const passingTests = {
  valid: [{ name: 'owned production VM', resources: [vm('vm-a', { environment: 'production', owner: 'ana' })], target: idOf('vm-a') }],
  invalid: [
    {
      name: 'production VM without an owner',
      resources: [vm('vm-b', { environment: 'production' }), vm('vm-c', { environment: 'production', owner: 'bo' })],
      target: idOf('vm-b'),
      paths: ['tags.owner'],
      message: 'VM vm-b has no owner tag.',
    },
  ],
  notApplicable: [{ name: 'development VM', resources: [vm('vm-d', { environment: 'dev' })], target: idOf('vm-d') }],
};

describe('aiscan rules test', () => {
  const tmp = useTempDir();
  let folders = 0;

  /** A folder holding the rule (as MY-001.json under area `ops`) and, unless `tests` is undefined, its test file. */
  function ruleFolder(tests: object | string | undefined, ruleFile: object = rule): string {
    const dir = tmp.path(`rules-${++folders}`);
    mkdirSync(join(dir, 'ops'), { recursive: true });
    writeFileSync(join(dir, 'ops', 'MY-001.json'), JSON.stringify(ruleFile, null, 2));
    if (tests !== undefined) writeFileSync(join(dir, 'ops', 'MY-001.test.json'), typeof tests === 'string' ? tests : JSON.stringify(tests, null, 2));
    return dir;
  }

  describe('a rule whose cases all hold', () => {
    it('exits 0 with one line for the rule and a summary', async () => {
      const dir = ruleFolder(passingTests);
      const result = await runCli('rules', 'test', dir);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^ok +MY-001 .*MY-001\.test\.json \(3 cases\)$/m);
      expect(result.stdout).toMatch(/^1 rule: 1 passed, 0 failed; 3 cases run, 0 failed$/m);
    });

    it('is not itself loaded as a rule by a scan, list or validate', async () => {
      const dir = ruleFolder(passingTests);
      expect(await runCli('rules', 'validate', dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('1 rule file valid') });
    });

    it('matches the target ignoring case, as Azure compares ids', async () => {
      const tests = { ...passingTests, valid: [{ ...passingTests.valid[0], target: idOf('vm-a').toUpperCase() }] };
      expect((await runCli('rules', 'test', ruleFolder(tests))).code).toBe(0);
    });

    it('runs a case with its own parameter values, as a configuration would set them', async () => {
      const tests = {
        ...passingTests,
        valid: [
          ...passingTests.valid,
          { name: 'custodian counts when it is the tag', parameters: { tagName: 'custodian' }, resources: [vm('vm-e', { environment: 'production', custodian: 'cy' })], target: idOf('vm-e') },
        ],
        invalid: [
          ...passingTests.invalid,
          {
            name: 'owner does not count when the tag is custodian',
            parameters: { tagName: 'custodian' },
            resources: [vm('vm-f', { environment: 'production', owner: 'di' })],
            target: idOf('vm-f'),
            paths: ['tags.custodian'],
            message: 'VM vm-f has no custodian tag.',
          },
          {
            name: 'and a second value for the same rule',
            parameters: { tagName: 'steward' },
            resources: [vm('vm-g', { environment: 'production', owner: 'ed' })],
            target: idOf('vm-g'),
            paths: ['tags.steward'],
          },
        ],
      };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.stdout).toMatch(/\(6 cases\)/);
      expect(result.code).toBe(0);
    });

    it('reports a rule not evaluated where its own type could not be read, with the subscription as the target', async () => {
      const tests = {
        ...passingTests,
        notApplicable: [
          {
            name: 'the VMs could not be read',
            coverage: [{ subscriptionId: SUBSCRIPTION, resourceType: 'Microsoft.Compute/virtualMachines', status: 'denied' }],
            resources: [],
            target: `/subscriptions/${SUBSCRIPTION}`,
            outcome: 'notEvaluated',
          },
        ],
      };
      expect((await runCli('rules', 'test', ruleFolder(tests))).code).toBe(0);
    });
  });

  describe('a case that does not hold: exit 1, the case, its target and expected against actual', () => {
    it('a valid case whose target fails shows the finding it got', async () => {
      const tests = { ...passingTests, valid: [{ name: 'thought to be owned', resources: [vm('vm-x', { environment: 'production', Owner_: 'ana' })], target: idOf('vm-x') }] };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^FAILED +MY-001 .*MY-001\.test\.json \(1 of 3 cases failed\)$/m);
      expect(result.stdout).toContain(
        [
          '  x valid[0] thought to be owned',
          `      target     ${idOf('vm-x')}`,
          '      outcome    expected: pass',
          '                 actual:   fail: "VM vm-x has no owner tag." at ["tags.owner"]',
        ].join('\n'),
      );
      expect(result.stdout).toMatch(/^1 rule: 0 passed, 1 failed; 3 cases run, 1 failed$/m);
    });

    it('an invalid case with other paths and another message shows both differences', async () => {
      const tests = { ...passingTests, invalid: [{ ...passingTests.invalid[0], paths: ['tags'], message: 'VM vm-b has no owner.' }] };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        [
          '  x invalid[0] production VM without an owner',
          `      target     ${idOf('vm-b')}`,
          '      paths      expected: ["tags"]',
          '                 actual:   ["tags.owner"]',
          '      message    expected: "VM vm-b has no owner."',
          '                 actual:   "VM vm-b has no owner tag."',
        ].join('\n'),
      );
    });

    it('an invalid case fails when something other than the target breaks the rule too', async () => {
      const tests = { ...passingTests, invalid: [{ ...passingTests.invalid[0], resources: [vm('vm-b', { environment: 'production' }), vm('vm-c', { environment: 'production' })] }] };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`      elsewhere  expected: no finding on ${idOf('vm-c')}\n                 actual:   fail: "VM vm-c has no owner tag." at ["tags.owner"]`);
    });

    it('a not-applicable case fails when its target, or anything else, passes', async () => {
      const tests = {
        ...passingTests,
        notApplicable: [{ name: 'not production', resources: [vm('vm-d', { environment: 'production', owner: 'x' }), vm('vm-e', { environment: 'production', owner: 'y' })], target: idOf('vm-d') }],
      };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('      outcome    expected: not applicable or not evaluated\n                 actual:   pass');
      expect(result.stdout).toContain(`      elsewhere  expected: ${idOf('vm-e')} not applicable or not evaluated\n                 actual:   pass`);
    });

    it('a not-applicable case with an outcome holds only to that outcome', async () => {
      const tests = { ...passingTests, notApplicable: [{ ...passingTests.notApplicable[0], outcome: 'notEvaluated' }] };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('      outcome    expected: not evaluated\n                 actual:   not applicable');
    });

    it('a target the rule never evaluated (a typo, or a type the rule does not look at) says what it did evaluate', async () => {
      const tests = { ...passingTests, valid: [{ ...passingTests.valid[0], target: idOf('vm-typo') }] };
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`actual:   no outcome: the rule evaluated no item with this id (it evaluated ${idOf('vm-a')})`);
    });

    it('a rule with no test file is reported and fails', async () => {
      const result = await runCli('rules', 'test', ruleFolder(undefined));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^NO TESTS +MY-001 .*MY-001\.json: no test file; write .*MY-001\.test\.json/m);
      expect(result.stdout).toMatch(/1 without tests/);
    });

    it('a rule without a case that breaks it is reported and fails', async () => {
      const result = await runCli('rules', 'test', ruleFolder({ valid: passingTests.valid, notApplicable: passingTests.notApplicable }));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('missing: an invalid case (one the rule fails)');
    });

    it('--quiet prints only what failed', async () => {
      const dir = ruleFolder(passingTests);
      expect((await runCli('rules', 'test', dir, '--quiet')).stdout).toBe('');
      const failing = ruleFolder({ ...passingTests, valid: [{ ...passingTests.valid[0], target: idOf('vm-typo') }] });
      expect((await runCli('rules', 'test', failing, '--quiet')).stdout).toMatch(/^FAILED/);
    });
  });

  describe('a test file that cannot be run: exit 2, file, place and reason on one line', () => {
    const malformed: [string, object | string, RegExp][] = [
      ['invalid JSON', '{"valid": [', /MY-001\.test\.json:1:12: invalid JSON/],
      ['a case without a target', { valid: [{ resources: [] }] }, /MY-001\.test\.json:\d+:\d+: at \/valid\/0\/target: missing required property "target"/],
      ['a target that is not an id', { valid: [{ resources: [], target: 'vm-a' }] }, /at \/valid\/0\/target: expected the id of an item, starting with "\/"/],
      ['an unknown key in a case', { invalid: [{ resources: [], target: '/x', paths: [], mesage: 'typo' }] }, /at \/invalid\/0\/mesage: unexpected property "mesage" \(this kind of case takes: name, resources, target/],
      ['paths on a valid case', { valid: [{ resources: [], target: '/x', paths: [] }] }, /at \/valid\/0\/paths: unexpected property "paths"/],
      ['an invalid case without paths', { invalid: [{ resources: [], target: '/x' }] }, /at \/invalid\/0\/paths: missing required property "paths"/],
      ['a resource without an id', { valid: [{ resources: [{ type: 'Microsoft.Compute/virtualMachines' }], target: '/x' }] }, /at \/valid\/0\/resources\/0\/id: missing required property "id"/],
      ['a coverage entry without a status', { valid: [{ resources: [], target: '/x', coverage: [{ subscriptionId: 's', resourceType: 't' }] }] }, /at \/valid\/0\/coverage\/0\/status: missing required property "status"/],
      ['an unknown outcome', { notApplicable: [{ resources: [], target: '/x', outcome: 'skipped' }] }, /at \/notApplicable\/0\/outcome: expected one of "notApplicable", "notEvaluated"/],
      ['a parameter the rule does not take', { ...passingTests, invalid: [{ ...passingTests.invalid[0], parameters: { tagname: 'x' } }] }, /at \/invalid\/0\/parameters\/tagname: rule MY-001 has no parameter "tagname"; it takes: tagName/],
      ['a parameter value the rule refuses', { ...passingTests, invalid: [{ ...passingTests.invalid[0], parameters: { tagName: '' } }] }, /MY-001\.test\.json:\d+:\d+: at \/invalid\/0\/parameters\/tagName: "": must NOT have fewer than 1 characters/],
    ];

    it.each(malformed)('%s', async (_, tests, expected) => {
      const result = await runCli('rules', 'test', ruleFolder(tests));
      expect(result.code).toBe(2);
      const line = result.stdout.split('\n').find((l) => l.startsWith('ERROR'));
      expect(line).toMatch(expected);
      expect(result.stdout).toMatch(/1 test file in error/);
    });

    it('a test file with no rule beside it (renamed or deleted rule) is an error', async () => {
      const dir = ruleFolder(passingTests);
      writeFileSync(join(dir, 'ops', 'MY-002.test.json'), JSON.stringify(passingTests));
      const result = await runCli('rules', 'test', dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/^ERROR +.*MY-002\.test\.json: no rule file MY-002\.json beside it/m);
      expect(result.stdout).toMatch(/^ok +MY-001/m);
    });

    it('a malformed file wins over a failing case: exit 2, and the other rules still run', async () => {
      const dir = ruleFolder({ ...passingTests, valid: [{ ...passingTests.valid[0], target: idOf('vm-typo') }] });
      mkdirSync(join(dir, 'other'));
      writeFileSync(join(dir, 'other', 'MY-002.json'), JSON.stringify({ ...rule, id: 'MY-002', name: 'Other' }));
      writeFileSync(join(dir, 'other', 'MY-002.test.json'), '[]');
      const result = await runCli('rules', 'test', dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/^FAILED +MY-001/m);
      expect(result.stdout).toMatch(/^ERROR +MY-002 .*MY-002\.test\.json:1:1: at \/: expected object/m);
    });

    it('a rule file that does not load stops the run, as rules validate does', async () => {
      const result = await runCli('rules', 'test', ruleFolder(passingTests, { ...rule, severity: 'urgent' }));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/MY-001\.json: at \/severity: expected one of/);
    });
  });

  it('prints names, targets and messages from the files on one line each, with control characters shown', async () => {
    const hostile = 'line one\n::error::forged\u001b[2J';
    const tests = {
      ...passingTests,
      invalid: [{ ...passingTests.invalid[0], name: hostile, message: hostile }],
    };
    const result = await runCli('rules', 'test', ruleFolder(tests));
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toMatch(/^\s*::error/m);
    expect(result.stdout).not.toMatch(/^::error::forged/m);
    const caseLine = result.stdout.split('\n').find((line) => line.startsWith('  x invalid[0]'))!;
    expect(caseLine).toContain('line one');
    expect(caseLine).toContain('forged');
  });

  it('runs the built-in pack\'s own tests: every rule passes', async () => {
    const result = await runCli('rules', 'test', 'rules');
    expect(result.stdout).toMatch(/^(\d+) rules: \1 passed, 0 failed; \d+ cases run, 0 failed$/m);
    expect(result.code).toBe(0);
  });
});
