import { failure, run } from './fixture.js';

// Examples from template-functions-object.md and bicep-functions-object.md (MicrosoftDocs/azure-docs)
// with their sample templates' inputs (Azure/azure-docs-json-samples, functions/object/*), and
// values computed by ARM's expression library in Bicep's tests where named (Azure/bicep EvaluationTests.cs).

describe('createObject, null', () => {
  it('createObject() pairs keys and values (createobject.json)', () => {
    expect(run("[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]")).toEqual({
      intProp: 1,
      stringProp: 'abc',
      boolProp: true,
      arrayProp: ['a', 'b', 'c'],
      objectProp: { key1: 'value1' },
    });
    expect(run('[createObject()]')).toEqual({});
  });

  it('keeps a key named __proto__ as a key', () => {
    const value = run("[createObject('__proto__', 1)]") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('null() is null, and empty (null.json)', () => {
    expect(run('[null()]')).toBeNull();
    expect(run('[empty(null())]')).toBe(true);
  });

  it('createObject() takes keys and values in pairs, keys as strings', () => {
    expect(failure("[createObject('a')]")).toBe('createObject(): takes keys and values in pairs, and has 1 argument');
    expect(failure("[createObject(1, 'a')]")).toBe('createObject(): expects its first argument to be a string, not the integer 1');
  });
});

describe('json', () => {
  it('reads JSON text as a value (json.json)', () => {
    expect(run("[empty(json('null'))]")).toBe(true);
    expect(run("[json('{\"a\": \"b\"}')]")).toEqual({ a: 'b' });
    expect(run("[json('\"test\"')]")).toBe('test');
    expect(run("[json('true')]")).toBe(true);
    expect(run("[json('3')]")).toBe(3);
    // The parameter's default value "[[1,2,3 ]" is the escaped literal [1,2,3 ].
    expect(run("[json(parameters('jsonArray'))]", { parameters: { jsonArray: run('[[1,2,3 ]') } })).toEqual([1, 2, 3]);
    expect(run("[json(concat('{\"a\": \"', 'demo value', '\"}'))]")).toEqual({ a: 'demo value' });
  });

  it('reads single quotes, unquoted names, comments and trailing commas, as ARM does (bicep-functions-object.md: {\'a\': \'b\'})', () => {
    expect(run("[json('{''a'': ''b''}')]")).toEqual({ a: 'b' });
    expect(run("[json('{ a: [1, 2,], /* note */ b: \"x\\u0041\", // end\n }')]")).toEqual({ a: [1, 2], b: 'xA' });
  });

  it('refuses what is not JSON, saying where', () => {
    expect(failure("[json('{\"a\": }')]")).toBe("json(): expects its argument to be JSON: unexpected \"}\" at character 7");
    expect(failure("[json('[1, 2')]")).toBe("json(): expects its argument to be JSON: expected ',' or ']' at character 6");
    expect(failure("[json('1 2')]")).toBe('json(): expects its argument to be JSON: unexpected text after the value at character 3');
    expect(failure("[json('\"open')]")).toBe('json(): expects its argument to be JSON: the string has no closing quote at character 6');
  });
});

describe('items, objectKeys', () => {
  it('items() lists keys and values ordered by key (bicep-functions-object.md, items)', () => {
    const entities = { item002: { enabled: false, displayName: 'Example item 2', number: 200 }, item001: { enabled: true, displayName: 'Example item 1', number: 300 } };
    expect(run("[items(variables('entities'))]", { variables: { entities } })).toEqual([
      { key: 'item001', value: { displayName: 'Example item 1', enabled: true, number: 300 } },
      { key: 'item002', value: { displayName: 'Example item 2', enabled: false, number: 200 } },
    ]);
  });

  it('orders keys as ARM does, case-insensitively with lower case first (Bicep Items_function_evaluation_works)', () => {
    const inputObj = { ghiKey: 'ghiValue', defKey: 'defValue', abcKey: 'abcValue', '123Key': '123Value', GHIKey: 'GHIValue', DEFKey: 'DEFValue', ABCKey: 'ABCValue', '456Key': '456Value' };
    expect(run("[objectKeys(parameters('inputObj'))]", { parameters: { inputObj } })).toEqual(['123Key', '456Key', 'abcKey', 'ABCKey', 'defKey', 'DEFKey', 'ghiKey', 'GHIKey']);
    expect(run("[map(items(parameters('inputObj')), lambda('i', lambdaVariables('i').value))]", { parameters: { inputObj } })).toEqual([
      '123Value', '456Value', 'abcValue', 'ABCValue', 'defValue', 'DEFValue', 'ghiValue', 'GHIValue',
    ]);
  });

  it('objectKeys() lists the keys (Bicep New_functions_are_evaluated_correctly)', () => {
    expect(run("[objectKeys(createObject('a', 123, 'b', 456))]")).toEqual(['a', 'b']);
  });

  it('take an object', () => {
    expect(failure('[items(createArray())]')).toBe('items(): expects its first argument to be an object, not an array');
  });
});

describe('shallowMerge', () => {
  it('merges the objects of an array, later keys winning, one level only (Bicep New_functions_are_evaluated_correctly)', () => {
    expect(run("[shallowMerge(createArray(createObject('a', 123), createObject('b', 456)))]")).toEqual({ a: 123, b: 456 });
    expect(run("[shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('A', createObject('y', 2))))]")).toEqual({ a: { y: 2 } });
  });

  it('takes an array of objects', () => {
    expect(failure("[shallowMerge(createArray(createObject(), 'a'))]")).toBe('shallowMerge(): expects its first argument to be an array of objects, not the string "a"');
    expect(failure('[shallowMerge(createObject())]')).toBe('shallowMerge(): expects its first argument to be an array, not an object');
  });
});
