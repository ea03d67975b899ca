import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { createAjv } from '../src/ajv.js';
import { safeRegExp } from '../src/safe-regexp.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/temp.js';

const refusal = (pattern: string) => {
  try {
    safeRegExp(pattern, 'u');
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe('patterns run only in linear time', () => {
  it.each([
    ['bounded repeats one after another (polynomial on a backtracking engine)', '^[a-z]{0,1001}[a-z]{0,1001}[a-z]{0,1001}X', /repeat count/],
    ['a repeated group of bounded repeats', '^([a-z]{0,1001}){4}X', /repeat count/],
    ['a backreference', '^(a+)\\1$', /escape/],
    ['a lookbehind', '^(?<=a)b', /Perl syntax|named capture/],
    ['a lookahead after the start', '^a(?=b)', /Perl syntax/],
    ['a lookahead in a pattern not anchored at the start', '(?!a)b', /Perl syntax/],
    ['a leading lookahead followed by an alternative (the | binds looser than the lookahead)', '^(?!x)a|b', /Perl syntax/],
    ['a lookahead nested in a leading lookahead', '^(?!a(?=b))c', /Perl syntax/],
  ])('refuses %s, saying why and what to do, in one line', (_, pattern, reason) => {
    const message = refusal(pattern);
    expect(message).toMatch(reason);
    expect(message).toContain(JSON.stringify(pattern));
    expect(message).toMatch(/rewrite it/);
    expect(message).not.toContain('\n');
  });

  it('answers at once where a backtracking engine would not finish: nested and consecutive repeats on a long near-miss', () => {
    const nearMiss = 'a'.repeat(100_000);
    expect(safeRegExp('^(a+)+$', 'u').test(`${nearMiss}!`)).toBe(false);
    expect(safeRegExp('^[a-z]{0,1000}[a-z]{0,1000}[a-z]{0,1000}X', 'u').test(nearMiss)).toBe(false);
    expect(safeRegExp('^(?!.*/read$).*\\*', 'u').test(`${'*/'.repeat(50_000)}read`)).toBe(false);
  });

  it('evaluates leading lookaheads (the form of rule parameters) exactly as JavaScript does', () => {
    const patterns = ['^(?!.*/read$).*\\*', '^(?=.*a)(?!.*b)c', '^(?=a)', '^(?!a)(?!b)[a-c]+$', '^(?=[\\]a])b', '^(?=(a|b))(?:c|a)', '^(?![^]*c$)[ab/]*'];
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '*', '/', 'r', 'e', 'd', ']'), maxLength: 12 });
    for (const pattern of patterns) {
      const safe = safeRegExp(pattern, 'u');
      const native = new RegExp(pattern, 'u');
      fc.assert(fc.property(text, (value) => safe.test(value) === native.test(value)), { numRuns: 300 });
      for (const value of ['Microsoft.Compute/*', '*/read', 'Microsoft.Authorization/*/read', '*', 'ca', 'c', 'a']) {
        expect([pattern, value, safe.test(value)]).toEqual([pattern, value, native.test(value)]);
      }
    }
  });

  it('keeps two patterns compiled by one ajv instance apart (ajv caches patterns by their text)', () => {
    const ajv = createAjv();
    const gpuTaint = ajv.compile({ type: 'string', pattern: '^[^=:]+(=[^:]*)?:(NoSchedule|NoExecute)$' });
    const systemTaint = ajv.compile({ type: 'string', pattern: '^CriticalAddonsOnly(=[^:]*)?:(NoSchedule|NoExecute)$' });
    expect([gpuTaint('sku=gpu:NoSchedule'), systemTaint('sku=gpu:NoSchedule'), systemTaint('CriticalAddonsOnly=true:NoSchedule')]).toEqual([true, false, true]);
  });

  it('is the engine of every ajv instance aiscan makes, not only the rules’ one', () => {
    const validate = createAjv().compile({ type: 'string', pattern: '^(a+)+$' });
    expect(validate(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(() => createAjv().compile({ type: 'string', pattern: '^(a)\\1$' })).toThrow(/refused/);
  });
});

describe('a rule whose pattern could hang the scan', () => {
  const tmp = useTempDir('aiscan-patterns-');
  const rule = {
    id: 'ACME-NAME-001',
    name: 'VmNameShape',
    title: 'VM names follow the naming scheme',
    severity: 'low',
    resourceTypes: ['Microsoft.Compute/virtualMachines'],
    assert: { properties: { name: { type: 'string', pattern: '^[a-z]{0,1001}[a-z]{0,1001}[a-z]{0,1001}X' } } },
    message: 'VM {name} breaks the naming scheme.',
    description: 'Names make ownership and purpose readable.',
    remediation: { summary: 'Recreate the VM under a conforming name.' },
  };

  it('is refused by rules validate and by scan, in one line naming the file and the pattern, before any resource is read', async () => {
    mkdirSync(tmp.path('rules', 'naming'), { recursive: true });
    const file = tmp.path('rules', 'naming', 'ACME-NAME-001.json');
    writeFileSync(file, JSON.stringify(rule));
    for (const argv of [['rules', 'validate', tmp.path('rules')], ['scan', '--snapshot', 'examples/estate/subscription-research.json', '--rules', tmp.path('rules'), '--out', tmp.path('out')]]) {
      const result = await runCli(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^aiscan: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: at /assert: .*refused.*\\(at /assert/properties/name/pattern\\)\n$`));
    }
  });
});
