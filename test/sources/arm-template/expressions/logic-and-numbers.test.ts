import { failure, run } from './fixture.js';

// Examples from template-functions-comparison.md, template-functions-logical.md and
// template-functions-numeric.md (MicrosoftDocs/azure-docs) with their sample templates' inputs
// (Azure/azure-docs-json-samples, functions/comparison, logical, numeric), and values computed by
// ARM's expression library in Bicep's tests where named (Azure/bicep EvaluationTests.cs).

describe('coalesce (coalesce.json)', () => {
  const parameters = { objectToTest: { null1: null, null2: null, string: 'default', int: 1, object: { first: 'default' }, array: [1] } };

  it.each([
    ["[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').string)]", 'default'],
    ["[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').int)]", 1],
    ["[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').object)]", { first: 'default' }],
    ["[coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').array)]", [1]],
    ["[empty(coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2))]", true],
  ])('%s is %j', (text, expected) => {
    expect(run(text, { parameters })).toEqual(expected);
  });

  it('does not evaluate what follows the first value that is not null', () => {
    expect(run("[coalesce('', parameters('missing'))]")).toBe('');
  });
});

describe('equals, greater, greaterOrEquals, less, lessOrEquals', () => {
  it('equals() compares values deeply (equals.json, not-equals.json)', () => {
    expect(run('[equals(1, 1)]')).toBe(true);
    expect(run("[equals('a', 'a')]")).toBe(true);
    expect(run("[equals('demo', 'Demo')]")).toBe(false);
    expect(run("[equals(createArray('a', 'b'), createArray('a', 'b'))]")).toBe(true);
    expect(run("[equals(createObject('a', 'b'), createObject('a', 'b'))]")).toBe(true);
    expect(run("[equals(createObject('a', 'b'), createObject('A', 'b'))]")).toBe(true);
    expect(run("[equals(createObject('a', 'b'), createObject('a', 'b', 'c', 'd'))]")).toBe(false);
    expect(run("[equals(1, '1')]")).toBe(false);
    expect(run('[not(equals(1, 2))]')).toBe(true);
  });

  it.each([
    // greater.json and its siblings: 1 and 2, then 'A' and 'a', where ARM orders 'a' before 'A'.
    ['greater', false, true],
    ['greaterOrEquals', false, true],
    ['less', true, false],
    ['lessOrEquals', true, false],
  ])('%s(1, 2) is %s and %s(\'A\', \'a\') is %s', (name, ints, strings) => {
    expect(run(`[${name}(1, 2)]`)).toBe(ints);
    expect(run(`[${name}('A', 'a')]`)).toBe(strings);
  });

  it('orders equal values as equal (Bicep Comparisons_are_evaluated_correctly)', () => {
    expect(run('[less(123, 456)]')).toBe(true);
    expect(run('[lessOrEquals(2, 2)]')).toBe(true);
    expect(run("[greaterOrEquals('b', 'b')]")).toBe(true);
  });

  it('compares two integers or two strings', () => {
    expect(failure("[greater(1, 'a')]")).toBe('greater(): compares two integers or two strings, not the integer 1 and the string "a"');
    expect(failure('[less(createArray(), createArray())]')).toBe('less(): compares two integers or two strings, not an array and an array');
  });
});

describe('and, or, not, bool, true, false, if', () => {
  it('combine booleans (andornot.json, bool.json, true.json, false.json)', () => {
    expect(run("[and(bool('true'), bool('false'))]")).toBe(false);
    expect(run("[or(bool('true'), bool('false'))]")).toBe(true);
    expect(run("[not(bool('true'))]")).toBe(false);
    expect(run("[bool('true')]")).toBe(true);
    expect(run("[bool('false')]")).toBe(false);
    expect(run("[bool('TRUE')]")).toBe(true);
    expect(run('[bool(1)]')).toBe(true);
    expect(run('[bool(0)]')).toBe(false);
    expect(run('[true()]')).toBe(true);
    expect(run('[false()]')).toBe(false);
    expect(run('[and(true(), true(), true())]')).toBe(true);
    expect(run('[or(false(), false())]')).toBe(false);
  });

  it('if() picks a branch and evaluates only that one (if.json)', () => {
    expect(run("[if(equals('a', 'a'), 'yes', 'no')]")).toBe('yes');
    expect(run("[if(equals('a', 'b'), 'yes', 'no')]")).toBe('no');
    expect(run("[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]")).toEqual({ test: 'value1' });
    expect(run("[if(true(), 'taken', parameters('missing'))]")).toBe('taken');
  });

  it('and() and or() stop at the first argument that decides', () => {
    expect(run("[and(false(), parameters('missing'))]")).toBe(false);
    expect(run("[or(true(), parameters('missing'))]")).toBe(true);
  });

  it.each([
    ["[bool('yes')]", 'bool(): expects its first argument to be \'true\', \'false\', an integer or a boolean, not the string "yes"'],
    ["[and(true(), 'x')]", 'and(): expects its second argument to be a boolean, not the string "x"'],
    ['[or(false(), 0)]', 'or(): expects its second argument to be a boolean, not the integer 0'],
    ["[if('true', 1, 2)]", 'if(): expects its first argument to be a boolean, not the string "true"'],
    ['[and(true())]', 'and(): takes at least 2 arguments, not 1'],
    ['[true(1)]', 'true(): takes 0 arguments, not 1'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('add, sub, mul, div, mod, int, float, min, max', () => {
  it.each([
    ['[add(5, 3)]', 8],
    ['[sub(7, 3)]', 4],
    ['[mul(mul(5, 3), 3)]', 45],
    ['[div(8, 3)]', 2],
    ['[mod(7, 3)]', 1],
    ["[int('4')]", 4],
    ['[max(0, 3, 2, 5, 4)]', 5],
    ['[max(createArray(0, 3, 2, 5, 4))]', 5],
    ['[min(0, 3, 2, 5, 4)]', 0],
    ['[min(createArray(0, 3, 2, 5, 4))]', 0],
    ['[min(createArray(10, 4), 1, 6)]', 1],
  ])('%s is %i (add.json, sub.json, mul.json, div.json, mod.json, int.json, max.json, min.json)', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('div() and mod() truncate toward zero on 64-bit integers, as .NET does (Bicep: 20 % 7 is 6, 6 / 11 is 0)', () => {
    expect(run('[mod(20, 7)]')).toBe(6);
    expect(run('[div(6, 11)]')).toBe(0);
    expect(run('[div(-7, 2)]')).toBe(-3);
    expect(run('[mod(-7, 2)]')).toBe(-1);
    expect(run('[mod(7, -2)]')).toBe(1);
    expect(run('[div(9007199254740991, 3)]')).toBe(3002399751580330);
  });

  it('float() reads a number from a string or an integer', () => {
    expect(run("[float('3.5')]")).toBe(3.5);
    expect(run('[float(2)]')).toBe(2);
    expect(run("[int(' -12 ')]")).toBe(-12);
  });

  it.each([
    ['[div(1, 0)]', 'div(): cannot divide by zero'],
    ['[mod(1, 0)]', 'mod(): cannot divide by zero'],
    ['[add(9007199254740991, 1)]', 'add(): the result 9007199254740992 is beyond the integers evaluated exactly (±9007199254740991)'],
    ["[int('4.5')]", 'int(): expects its first argument to be an integer or a string of one, not the string "4.5"'],
    ["[float('abc')]", 'float(): expects its first argument to be an integer or a string of a number, not the string "abc"'],
    ['[max(createArray())]', 'max(): has no integers to compare: its array is empty'],
    ["[min(1, 'a')]", 'min(): expects its second argument to be an integer or an array of integers, not the string "a"'],
    ["[max(createArray(1, 'a'))]", 'max(): expects its first argument to be an integer or an array of integers, not the string "a"'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('copyIndex', () => {
  const loops: [string, number][] = [
    ['inner', 2],
    ['storagecopy', 5],
  ];

  it('is the innermost loop’s index, or the named loop’s, plus an offset (copyindex.json)', () => {
    expect(run('[copyIndex()]', { loops })).toBe(2);
    expect(run('[copyIndex(1)]', { loops })).toBe(3);
    expect(run("[copyIndex('storageCopy')]", { loops })).toBe(5);
    expect(run("[copyIndex('storagecopy', 10)]", { loops })).toBe(15);
    expect(run("[concat(copyIndex(), 'storage', uniqueString(resourceGroup().id))]", { loops })).toMatch(/^2storage[a-z2-7]{13}$/);
  });

  it('needs a loop', () => {
    expect(failure('[copyIndex()]')).toBe('copyIndex(): is only valid inside a copy loop');
    expect(failure("[copyIndex('other')]", { loops })).toBe("copyIndex(): there is no copy loop named 'other' around this expression");
    expect(failure('[copyIndex(createArray())]', { loops })).toBe('copyIndex(): expects its first argument to be an integer, not an array');
  });
});
