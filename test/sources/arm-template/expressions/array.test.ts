import { failure, run } from './fixture.js';

// Examples from template-functions-array.md (MicrosoftDocs/azure-docs) with the inputs of its
// sample templates (Azure/azure-docs-json-samples, azure-resource-manager/functions/array/*), and
// values computed by ARM's expression library in Bicep's tests where named (Azure/bicep:
// EvaluationTests.cs; FunctionResolverTests.cs GetLiteralTransformations).

const parameters = {
  arrayToTest: ['one', 'two', 'three'],
  objectToTest: { one: 'a', two: 'b', three: 'c' },
  stringToTest: 'OneTwoThree',
};

describe('array, createArray, concat', () => {
  it('array() wraps a value, and leaves an array as it is (array.json)', () => {
    expect(run('[array(1)]')).toEqual([1]);
    expect(run("[array('efgh')]")).toEqual(['efgh']);
    expect(run("[array(createObject('a', 'b', 'c', 'd'))]")).toEqual([{ a: 'b', c: 'd' }]);
    expect(run("[array(createArray('x'))]")).toEqual(['x']);
  });

  it('createArray() makes an array of its arguments (createarray.json)', () => {
    expect(run("[createArray('a', 'b', 'c')]")).toEqual(['a', 'b', 'c']);
    expect(run('[createArray(1, 2, 3)]')).toEqual([1, 2, 3]);
    expect(run("[createArray(parameters('objectToTest'))]", { parameters })).toEqual([{ one: 'a', two: 'b', three: 'c' }]);
    expect(run("[createArray(parameters('arrayToTest'))]", { parameters })).toEqual([['one', 'two', 'three']]);
    expect(run('[createArray()]')).toEqual([]);
  });

  it('concat() joins arrays (concat-array.json), or strings', () => {
    expect(run("[concat(createArray('1-1', '1-2', '1-3'), createArray('2-1', '2-2', '2-3'))]")).toEqual(['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']);
    expect(run("[concat('a', 1, true(), null())]")).toBe('a1True');
  });

  it('concat() takes arrays with arrays only', () => {
    expect(failure("[concat(createArray(1), 'a')]")).toBe('concat(): expects its second argument to be an array, as the other arguments are, not the string "a"');
    expect(failure("[concat('a', createObject())]")).toBe('concat(): its second argument must be a string, an integer or a boolean, not an object');
  });
});

describe('contains (contains.json)', () => {
  it.each([
    ["[contains(parameters('stringToTest'), 'e')]", true],
    ["[contains(parameters('stringToTest'), 'z')]", false],
    ["[contains(parameters('objectToTest'), 'one')]", true],
    ["[contains(parameters('objectToTest'), 'a')]", false],
    ["[contains(parameters('arrayToTest'), 'three')]", true],
    ["[contains(parameters('arrayToTest'), 'four')]", false],
  ])('%s is %s', (text, expected) => {
    expect(run(text, { parameters })).toBe(expected);
  });

  it('compares strings exactly, object keys ignoring case (Bicep EvaluationTests: contains on FOOBAR)', () => {
    expect(run("[contains('FOOBAR', 'foo')]")).toBe(false);
    expect(run("[contains(createArray('FOO', 'BAR'), 'foo')]")).toBe(false);
    expect(run("[contains(createArray('FOO', 'BAR'), false())]")).toBe(false);
    expect(run("[contains(parameters('objectToTest'), 'ONE')]", { parameters })).toBe(true);
    expect(run("[contains(createArray(createArray(1, 2)), createArray(1, 2))]")).toBe(true);
  });

  it('takes an array, an object or a string', () => {
    expect(failure("[contains(1, 'a')]")).toBe('contains(): expects its first argument to be an array, an object or a string, not the integer 1');
  });
});

describe('empty, length, first, last', () => {
  it('empty() of an empty array, object or string, or null (empty.json, null.json)', () => {
    expect(run('[empty(createArray())]')).toBe(true);
    expect(run('[empty(createObject())]')).toBe(true);
    expect(run("[empty('')]")).toBe(true);
    expect(run('[empty(null())]')).toBe(true);
    expect(run("[empty('non-empty string')]")).toBe(false);
  });

  it('length() of an array, a string, an object (length.json)', () => {
    expect(run("[length(parameters('arrayToTest'))]", { parameters })).toBe(3);
    expect(run("[length('One Two Three')]")).toBe(13);
    expect(run("[length(parameters('o'))]", { parameters: { o: { propA: 'one', propB: 'two', propC: 'three', propD: { 'propD-1': 'sub', 'propD-2': 'sub' } } } })).toBe(4);
  });

  it('first() and last() of an array or a string (first.json, last.json), null for an empty array', () => {
    expect(run("[first(parameters('arrayToTest'))]", { parameters })).toBe('one');
    expect(run("[first('One Two Three')]")).toBe('O');
    expect(run("[last(parameters('arrayToTest'))]", { parameters })).toBe('three');
    expect(run("[last('One Two Three')]")).toBe('e');
    expect(run('[first(createArray())]')).toBeNull();
    expect(run('[last(createArray())]')).toBeNull();
    expect(run("[first('')]")).toBe('');
  });

  it.each([
    ['[empty(1)]', 'empty(): expects its first argument to be an array, an object, a string or null, not the integer 1'],
    ['[length(true())]', 'length(): expects its first argument to be an array, an object or a string, not the boolean true'],
    ['[first(createObject())]', 'first(): expects its first argument to be an array or a string, not an object'],
    ['[last(1)]', 'last(): expects its first argument to be an array or a string, not the integer 1'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('indexOf, lastIndexOf on arrays (the reference’s inline example)', () => {
  const variables = { names: ['one', 'two', 'three'], numbers: [4, 5, 6], collection: [['one', 'two', 'three'], [4, 5, 6]], duplicates: [1, 2, 3, 1] };

  it.each([
    ["[lastIndexOf(variables('names'), 'two')]", 1],
    ["[indexOf(variables('names'), 'one')]", 0],
    ["[lastIndexOf(variables('names'), 'Three')]", -1],
    ["[lastIndexOf(variables('numbers'), 4)]", 0],
    ["[indexOf(variables('numbers'), 6)]", 2],
    ["[lastIndexOf(variables('numbers'), '5')]", -1],
    ["[indexOf(variables('collection'), variables('numbers'))]", 1],
    ["[indexOf(variables('duplicates'), 1)]", 0],
    ["[lastIndexOf(variables('duplicates'), 1)]", 3],
  ])('%s is %i', (text, expected) => {
    expect(run(text, { variables })).toBe(expected);
  });

  it('takes an array or a string', () => {
    expect(failure("[indexOf(createObject(), 'a')]")).toBe('indexOf(): expects its first argument to be an array or a string, not an object');
    expect(failure("[indexOf('abc', 1)]")).toBe('indexOf(): expects its second argument to be a string, to find in a string, not the integer 1');
  });
});

describe('intersection, union', () => {
  it('intersection() keeps what every argument has (intersection.json)', () => {
    expect(run("[intersection(createObject('one', 'a', 'two', 'b', 'three', 'c'), createObject('one', 'a', 'two', 'z', 'three', 'c'))]")).toEqual({ one: 'a', three: 'c' });
    expect(run("[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]")).toEqual(['two', 'three']);
    expect(run('[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]')).toEqual([2, 3]);
  });

  it('union() keeps everything once, later object keys winning (union.json)', () => {
    expect(run("[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), createObject('three', 'c2', 'four', 'd', 'five', 'e'))]")).toEqual({
      one: 'a',
      two: 'b',
      three: 'c2',
      four: 'd',
      five: 'e',
    });
    expect(run("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]")).toEqual(['one', 'two', 'three', 'four']);
  });

  it('union() merges nested objects but not nested arrays (bicep-functions-object.md, union)', () => {
    const variables = {
      firstObject: { property: { one: 'a', two: 'b', three: 'c1' }, nestedArray: [1, 2] },
      secondObject: { property: { three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
      firstArray: [['one', 'two'], ['three']],
      secondArray: [['three'], ['four', 'two']],
    };
    expect(run("[union(variables('firstObject'), variables('secondObject'))]", { variables })).toEqual({
      property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' },
      nestedArray: [3, 4],
    });
    expect(run("[union(variables('firstArray'), variables('secondArray'))]", { variables })).toEqual([['one', 'two'], ['three'], ['four', 'two']]);
  });

  it('treats keys that differ in case as one key', () => {
    expect(run("[union(createObject('Name', 'a'), createObject('name', 'b'))]")).toEqual({ Name: 'b' });
    expect(run("[intersection(createObject('Name', 'a'), createObject('name', 'a'))]")).toEqual({ Name: 'a' });
  });

  it('take arrays with arrays and objects with objects', () => {
    expect(failure("[union(createArray(1), createObject())]")).toBe('union(): expects its second argument to be an array, as the first argument is, not an object');
    expect(failure("[intersection(createObject(), createArray())]")).toBe('intersection(): expects its second argument to be an object, as the first argument is, not an array');
    expect(failure("[union('a', 'b')]")).toBe('union(): expects its first argument to be an array or an object, not the string "a"');
    expect(failure("[intersection(1, 2)]")).toBe('intersection(): expects its first argument to be an array or an object, not the integer 1');
  });
});

describe('range, skip, take, flatten', () => {
  it('range() counts from a start (range.json)', () => {
    expect(run('[range(5, 3)]')).toEqual([5, 6, 7]);
    expect(run('[range(0, 0)]')).toEqual([]);
  });

  it('skip() and take() an array or a string (skip.json, take.json)', () => {
    expect(run("[skip(parameters('arrayToTest'), 2)]", { parameters })).toEqual(['three']);
    expect(run("[skip('one two three', 4)]")).toBe('two three');
    expect(run("[take(parameters('arrayToTest'), 2)]", { parameters })).toEqual(['one', 'two']);
    expect(run("[take('one two three', 2)]")).toBe('on');
    expect(run("[skip(parameters('arrayToTest'), -1)]", { parameters })).toEqual(['one', 'two', 'three']);
    expect(run("[take(parameters('arrayToTest'), 10)]", { parameters })).toEqual(['one', 'two', 'three']);
    expect(run("[take('abc', 0)]")).toBe('');
  });

  it('flatten() flattens one level (Bicep EvaluationTests)', () => {
    expect(run('[flatten(createArray(createArray(0, 1), createArray(2, 3), createArray(4, 5)))]')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run('[flatten(createArray())]')).toEqual([]);
    expect(run('[flatten(createArray(createArray(createArray(1))))]')).toEqual([[1]]);
  });

  it.each([
    ['[range(0, 10001)]', 'range(): takes a count from 0 to 10000, not 10001'],
    ['[range(0, -1)]', 'range(): takes a count from 0 to 10000, not -1'],
    ['[range(2147483647, 1)]', 'range(): needs the start index and the count to add up to no more than 2147483647, not 2147483648'],
    ['[skip(1, 1)]', 'skip(): expects its first argument to be an array or a string, not the integer 1'],
    ["[take('a', 'b')]", 'take(): expects its second argument to be an integer, not the string "b"'],
    ['[flatten(createArray(1))]', 'flatten(): takes an array of arrays, and its array holds the integer 1'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('tryGet, indexFromEnd, tryIndexFromEnd', () => {
  const o = { properties: { billingProfile: { maxPrice: 5 } }, zones: ['1', '2', '3'] };

  it('tryGet() reads a path of keys and indexes, null where it finds nothing (Bicep’s .? access)', () => {
    expect(run("[tryGet(parameters('o'), 'properties', 'billingProfile', 'maxPrice')]", { parameters: { o } })).toBe(5);
    expect(run("[tryGet(parameters('o'), 'PROPERTIES', 'missing', 'maxPrice')]", { parameters: { o } })).toBeNull();
    expect(run("[tryGet(parameters('o'), 'zones', 1)]", { parameters: { o } })).toBe('2');
    expect(run("[tryGet(parameters('o'), 'zones', 3)]", { parameters: { o } })).toBeNull();
    expect(run("[tryGet(null(), 'a')]")).toBeNull();
    expect(failure("[tryGet(parameters('o'), 'zones', 'first')]", { parameters: { o } })).toBe('tryGet(): expects its third argument to be an integer, to index an array, not the string "first"');
    expect(failure("[tryGet(parameters('o'), 0)]", { parameters: { o } })).toBe('tryGet(): expects its second argument to be a string, to read an object, not the integer 0');
    expect(run("[tryGet(parameters('o'), 'properties', 'billingProfile', 'maxPrice', 'deeper')]", { parameters: { o } })).toBeNull();
  });

  it('indexFromEnd() counts from 1 at the last element; tryIndexFromEnd() is null past either end', () => {
    expect(run("[indexFromEnd(createArray('a', 'b', 'c'), 1)]")).toBe('c');
    expect(run("[indexFromEnd(createArray('a', 'b', 'c'), 3)]")).toBe('a');
    expect(run("[tryIndexFromEnd(createArray('a', 'b', 'c'), 4)]")).toBeNull();
    expect(run("[tryIndexFromEnd(createArray('a', 'b', 'c'), 0)]")).toBeNull();
    expect(failure("[indexFromEnd(createArray('a'), 2)]")).toBe('indexFromEnd(): the index 2 from the end is out of bounds: the array has 1 element');
  });
});
