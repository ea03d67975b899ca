import { evaluate, evaluateTemplateValue } from '../../../../src/sources/arm-template/expressions/evaluate.js';
import { ExpressionError } from '../../../../src/sources/arm-template/expressions/errors.js';
import { parseTemplateString } from '../../../../src/sources/arm-template/expressions/parse.js';
import { isUnknown, Unknown } from '../../../../src/sources/arm-template/expressions/values.js';
import { failure, run, testContext } from './fixture.js';

const SECRET = new Unknown('a Key Vault reference is resolved at deployment', "parameters('secret')");

describe('evaluating', () => {
  it('a literal template string is its text, the [[ escape removed', () => {
    expect(run('plain')).toBe('plain');
    expect(run('[[test value]')).toBe('[test value]');
  });

  it('takes a parsed expression and a context', () => {
    const parsed = parseTemplateString("[parameters('name')]");
    if (parsed.kind !== 'expression') throw new Error('not an expression');
    expect(evaluate(parsed, testContext({ parameters: { name: 'vm1' } }))).toBe('vm1');
  });

  it('matches function names ignoring case', () => {
    expect(run("[CONCAT('a', toupper('b'), ToLower('C'))]")).toBe('aBc');
    expect(run('[TRUE()]')).toBe(true);
  });

  it('refuses what is not JSON in a template value', () => {
    expect(() => evaluateTemplateValue({ a: undefined }, testContext())).toThrow(new ExpressionError('a template holds JSON values, not undefined'));
  });

  it('evaluates every template string in a JSON value, keys as written', () => {
    const context = testContext({ parameters: { name: 'vm1' } });
    expect(evaluateTemplateValue({ "[parameters('name')]": ["[parameters('name')]", 1, true, null, { nested: "[concat('a', 'b')]" }] }, context)).toEqual({
      "[parameters('name')]": ['vm1', 1, true, null, { nested: 'ab' }],
    });
  });
});

describe('property and index access', () => {
  const options = { parameters: { settings: { Name: 'web', tags: { Env: 'prod' }, zones: ['1', '2'] } } };

  it('reads properties ignoring case, as ARM does', () => {
    expect(run("[parameters('settings').name]", options)).toBe('web');
    expect(run("[parameters('settings').TAGS.env]", options)).toBe('prod');
    expect(run("[parameters('settings')['NAME']]", options)).toBe('web');
  });

  it('prefers the exact spelling when an object has two that differ in case', () => {
    expect(run("[parameters('o').abcKey]", { parameters: { o: { ABCKey: 1, abcKey: 2 } } })).toBe(2);
    expect(run("[parameters('o').ABCKEY]", { parameters: { o: { ABCKey: 1, abcKey: 2 } } })).toBe(1);
  });

  it('indexes arrays with integers', () => {
    expect(run("[parameters('settings').zones[1]]", options)).toBe('2');
    expect(run("[createArray('a', 'b')[0]]")).toBe('a');
  });

  it('names a property that is not there, and the ones that are', () => {
    expect(failure("[parameters('settings').nme]", options)).toBe(
      "The language expression property 'nme' doesn't exist in parameters('settings'), available properties are 'Name, tags, zones'.",
    );
  });

  it.each([
    ["[parameters('settings').zones[2]]", "The language expression property array index '2' is out of bounds: parameters('settings').zones has 2 elements."],
    ["[parameters('settings').zones[-1]]", "The language expression property array index '-1' is out of bounds: parameters('settings').zones has 2 elements."],
    ["[parameters('settings').zones['a']]", "An array index must be an integer, and 'a' is the string \"a\"."],
    ["[parameters('settings')[0]]", "An object's property is read with a string, and 0 is the integer 0."],
    ["[parameters('settings').name.length]", "The language expression property 'length' can't be read from parameters('settings').name: it is the string \"web\", not an object."],
    ["[parameters('settings').name[0]]", 'parameters(\'settings\').name is the string "web": only arrays and objects can be indexed.'],
    ['[null().x]', "The language expression property 'x' can't be read from null(): it is null, not an object."],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text, options)).toBe(message);
  });
});

describe('function errors name the function, in one line', () => {
  it.each([
    ["[foo('a')]", "The template function 'foo' is not valid: ARM has no function of that name"],
    ["[concat()]", 'concat(): takes at least 1 argument, not 0'],
    ["[equals(1)]", 'equals(): takes 2 arguments, not 1'],
    ["[padLeft('a')]", 'padLeft(): takes 2 to 3 arguments, not 1'],
    ["[not(1)]", 'not(): expects its first argument to be a boolean, not the integer 1'],
    ["[add(1, 'a')]", 'add(): expects its second argument to be an integer, not the string "a"'],
    ["[contoso.missing()]", "The template function 'contoso.missing' is not valid: the template defines no such function"],
  ])('%s: %s', (text, message) => {
    const error = failure(text);
    expect(error).toBe(message);
    expect(error).not.toContain('\n');
  });

  it('are ExpressionErrors', () => {
    expect(() => run("[foo('a')]")).toThrow(ExpressionError);
  });
});

describe('Unknown values', () => {
  const options = { parameters: { secret: SECRET, settings: { key: SECRET, name: 'web' }, list: ['a', SECRET] } };

  it('come from what only the deployment knows, naming the expression that asked', () => {
    const value = run("[concat('key-', reference('storage1').primaryEndpoints.blob)]");
    expect(value).toEqual(new Unknown('reference() reads the state of a deployed resource', "reference('storage1')"));
  });

  it('make any function applied to them Unknown, with the first reason', () => {
    const value = run("[concat(toUpper(parameters('secret')), reference('x'))]", options);
    expect(value).toBe(SECRET);
    expect(run("[length(parameters('secret'))]", options)).toBe(SECRET);
    expect(run("[empty(parameters('secret'))]", options)).toBe(SECRET);
    expect(run("[guid(newGuid())]", options)).toEqual(new Unknown('newGuid() returns a new GUID at each deployment', 'newGuid()'));
  });

  it('make a property or index read from them Unknown', () => {
    expect(run("[parameters('secret').value]", options)).toBe(SECRET);
    expect(run("[parameters('secret')[0]]", options)).toBe(SECRET);
    expect(run("[createArray('a')[parameters('secret')]]", options)).toBe(SECRET);
  });

  it('do not reach a result that does not depend on them', () => {
    expect(run("[coalesce('first', parameters('secret'))]", options)).toBe('first');
    expect(run("[if(equals(1, 1), 'known', parameters('secret'))]", options)).toBe('known');
    expect(run("[and(false(), parameters('secret'))]", options)).toBe(false);
    expect(run("[and(parameters('secret'), false())]", options)).toBe(false);
    expect(run("[or(true(), parameters('secret'))]", options)).toBe(true);
    expect(run("[or(parameters('secret'), true())]", options)).toBe(true);
  });

  it('decide a result that does depend on them', () => {
    expect(run("[coalesce(null(), parameters('secret'), 'later')]", options)).toBe(SECRET);
    expect(run("[if(parameters('secret'), 'a', 'b')]", options)).toBe(SECRET);
    expect(run("[and(true(), parameters('secret'))]", options)).toBe(SECRET);
    expect(run("[or(false(), parameters('secret'))]", options)).toBe(SECRET);
  });

  it('inside an object or array stay where they are until a result needs them', () => {
    expect(run("[parameters('settings').name]", options)).toBe('web');
    expect(run("[length(parameters('list'))]", options)).toBe(2);
    expect(run("[first(parameters('list'))]", options)).toBe('a');
    expect(run("[last(parameters('list'))]", options)).toBe(SECRET);
    expect(run("[equals(parameters('list'), createArray('a', 'b'))]", options)).toBe(SECRET);
    expect(run("[string(parameters('settings'))]", options)).toBe(SECRET);
    expect(run("[join(parameters('list'), ',')]", options)).toBe(SECRET);
  });

  it('are distinct from a JSON object that looks like one', () => {
    const lookalike = { unknown: true, reason: 'r', expression: 'e' };
    const value = run("[parameters('o')]", { parameters: { o: lookalike } });
    expect(isUnknown(value)).toBe(false);
    expect(run("[parameters('o').reason]", { parameters: { o: lookalike } })).toBe('r');
  });
});

describe("a template's own functions", () => {
  const functions = {
    'contoso.uniqueName': { parameters: ['namePrefix'], output: "[concat(toLower(parameters('namePrefix')), uniqueString(resourceGroup().id))]" },
    'contoso.pair': { parameters: ['a', 'b'], output: { first: "[parameters('a')]", second: "[parameters('B')]" } },
    'contoso.usesVariable': { parameters: [], output: "[variables('v')]" },
    'contoso.loop': { parameters: ['n'], output: "[contoso.loop(parameters('n'))]" },
    'contoso.greet': { parameters: ['name'], output: "[contoso.wrap(concat('Hi, ', parameters('name')))]" },
    'contoso.wrap': { parameters: ['text'], output: "[concat('>', parameters('text'), '<')]" },
  };

  it('run with their arguments as parameters(), namespace and name as the template writes them', () => {
    // template-user-defined-functions.md: contoso.uniqueName, in a deployment to examplegroup.
    expect(run("[contoso.uniqueName('StorAge')]", { functions })).toMatch(/^storage[a-z2-7]{13}$/);
    expect(run("[contoso.pair(1, 'two')]", { functions })).toEqual({ first: 1, second: 'two' });
    expect(run("[contoso.greet('Ann')]", { functions })).toBe('>Hi, Ann<');
  });

  it('see none of the template’s parameters, and no variables', () => {
    expect(failure("[contoso.uniqueName(parameters('outer'))]", { functions })).toBe("parameters(): the template parameter 'outer' is not found");
    expect(failure('[contoso.usesVariable()]', { functions, variables: { v: 1 } })).toBe("contoso.usesVariable(): a template's own functions can't use variables()");
  });

  it('take exactly their parameters', () => {
    expect(failure("[contoso.pair('a')]", { functions })).toBe('contoso.pair(): takes 2 arguments, not 1');
  });

  it('may not call themselves without end', () => {
    expect(failure('[contoso.loop(1)]', { functions })).toBe("contoso.loop(): the template's functions call each other more than 32 deep");
  });
});

describe('lambdas', () => {
  it('are only arguments of the functions that take them', () => {
    expect(failure("[lambda('x', lambdaVariables('x'))]")).toBe('lambda(): can only be an argument of filter(), map(), reduce(), sort(), toObject(), groupBy(), mapValues()');
    expect(failure("[concat(lambda('x', lambdaVariables('x')))]")).toBe('lambda(): can only be an argument of filter(), map(), reduce(), sort(), toObject(), groupBy(), mapValues()');
  });

  it('read their variables with lambdaVariables(), inner ones seeing outer ones', () => {
    expect(run("[map(createArray(1, 2), lambda('x', map(createArray(10, 20), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))]")).toEqual([
      [11, 21],
      [12, 22],
    ]);
  });

  it.each([
    ["[map(createArray(1), lambda('x', lambdaVariables('y')))]", "lambdaVariables(): there is no lambda variable 'y' here (there is 'x')"],
    ["[lambdaVariables('y')]", "lambdaVariables(): there is no lambda variable 'y' here"],
    ['[lambdaVariables()]', 'lambdaVariables(): takes 1 argument, not 0'],
    ["[map(createArray(1), lambda('x', lambdaVariables(1)))]", 'lambdaVariables(): expects its first argument to be a string, not the integer 1'],
    ["[map(createArray(1), lambda('x', 'x', 1))]", "lambda(): names the variable 'x' twice"],
    ["[map(createArray(1), lambda(1, 1))]", 'lambda(): names its variables with strings, and 1 is the integer 1'],
    ["[map(createArray(1), lambda('x'))]", 'lambda(): takes the names of its variables and then its body, and has 1 argument'],
    ["[map(createArray(1), lambda('a', 'b', 'c', 1))]", 'map(): expects its second argument to be a lambda of 1 or 2 variables, not of 3'],
    ["[map(createArray(1), 'x')]", 'map(): expects its second argument to be a lambda, not the string "x"'],
    ["[contoso.f(lambda('x', 1))]", 'lambda(): can only be an argument of filter(), map(), reduce(), sort(), toObject(), groupBy(), mapValues()'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text, { functions: { 'contoso.f': { parameters: ['a'], output: '[1]' } } })).toBe(message);
  });
});
