import { Unknown } from '../../../../src/sources/arm-template/expressions/values.js';
import { failure, run } from './fixture.js';

// Examples from template-functions-lambda.md (MicrosoftDocs/azure-docs), and values computed by
// ARM's expression library in Bicep's tests where named (Azure/bicep EvaluationTests.cs:
// List_comprehension_function_evaluation_works, New_functions_are_evaluated_correctly).

const dogs = [
  { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
  { name: 'Casper', age: 3, interests: ['Other dogs'] },
  { name: 'Indy', age: 2, interests: ['Butter'] },
  { name: 'Kira', age: 8, interests: ['Rubs'] },
];
const variables = { dogs, ages: [5, 3, 2, 8] };

describe('filter', () => {
  it('keeps the elements its lambda is true for (the reference’s examples)', () => {
    expect(run("[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]", { variables })).toEqual([dogs[0], dogs[3]]);
    expect(run("[filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))]")).toEqual([6, 7, 8, 9]);
    expect(run("[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]")).toEqual([0, 2, 4, 6, 8]);
  });

  it('passes the index as a second variable (Bicep: evenEntries)', () => {
    expect(run("[filter(createArray('a', 'b', 'c', 'd'), lambda('item', 'i', equals(mod(lambdaVariables('i'), 2), 0)))]")).toEqual(['a', 'c']);
  });

  it('needs its lambda to return a boolean', () => {
    expect(failure("[filter(createArray(1), lambda('x', 'yes'))]")).toBe('filter(): expects its lambda to return a boolean, and it returned the string "yes"');
  });
});

describe('map', () => {
  it('maps each element (the reference’s examples)', () => {
    expect(run("[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]", { variables })).toEqual(['Evie', 'Casper', 'Indy', 'Kira']);
    expect(run("[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]", { variables })).toEqual([
      'Hello Evie!',
      'Hello Casper!',
      'Hello Indy!',
      'Hello Kira!',
    ]);
    expect(
      run(
        "[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', variables('dogs')[lambdaVariables('i')].name))))]",
        { variables },
      ),
    ).toEqual([
      { i: 0, dog: 'Evie', greeting: 'Ahoy, Evie!' },
      { i: 1, dog: 'Casper', greeting: 'Ahoy, Casper!' },
      { i: 2, dog: 'Indy', greeting: 'Ahoy, Indy!' },
      { i: 3, dog: 'Kira', greeting: 'Ahoy, Kira!' },
    ]);
  });

  it('passes the index as a second variable (Bicep: sayHello)', () => {
    expect(run("[map(createArray('Evie', 'Casper', 'Lady Lechuga'), lambda('dog', 'i', format('{0} {1}!', if(equals(mod(lambdaVariables('i'), 2), 0), 'Hi', 'Ahoy'), lambdaVariables('dog'))))]")).toEqual([
      'Hi Evie!',
      'Ahoy Casper!',
      'Hi Lady Lechuga!',
    ]);
  });

  it('leaves an element it cannot know Unknown, and the others known', () => {
    const secret = new Unknown('not known', "parameters('list')");
    expect(run("[map(parameters('list'), lambda('x', concat(lambdaVariables('x'), '!')))]", { parameters: { list: ['a', secret] } })).toEqual(['a!', secret]);
  });
});

describe('reduce', () => {
  it('folds the elements from an initial value (the reference’s examples)', () => {
    expect(run("[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", { variables })).toBe(18);
    expect(run("[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", { variables })).toBe(19);
    expect(
      run("[reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]"),
    ).toEqual({ foo: 123, bar: 456, baz: 789 });
  });

  it('passes the index as a third variable, and gives back the initial value of an empty array (Bicep)', () => {
    expect(run("[reduce(createArray('abc', 'def', 'ghi'), '', lambda('cur', 'next', 'i', if(equals(mod(lambdaVariables('i'), 2), 0), concat(lambdaVariables('cur'), lambdaVariables('next')), lambdaVariables('cur'))))]")).toBe('abcghi');
    expect(run("[reduce(createArray(), 0, lambda('cur', 'next', lambdaVariables('cur')))]")).toBe(0);
    expect(run("[reduce(range(1, 5), 1, lambda('cur', 'next', mul(lambdaVariables('cur'), lambdaVariables('next'))))]")).toBe(120);
  });

  it('takes a lambda of two or three variables', () => {
    expect(failure("[reduce(createArray(1), 0, lambda('x', 1))]")).toBe('reduce(): expects its third argument to be a lambda of 2 or 3 variables, not of 1');
  });
});

describe('sort', () => {
  it('orders by its lambda, stably (the reference’s example; Bicep sortNumeric, sortAlpha, sortByObjectKey)', () => {
    expect(run("[sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))]", { variables })).toEqual([dogs[2], dogs[1], dogs[0], dogs[3]]);
    expect(run("[sort(createArray(8, 3, 10, -13, 5), lambda('x', 'y', less(lambdaVariables('x'), lambdaVariables('y'))))]")).toEqual([-13, 3, 5, 8, 10]);
    expect(run("[sort(createArray('ghi', 'abc', 'def'), lambda('x', 'y', greater(lambdaVariables('x'), lambdaVariables('y'))))]")).toEqual(['ghi', 'def', 'abc']);
    expect(run("[sort(createArray('c', 'd', 'a'), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]")).toEqual(['a', 'c', 'd']);
    expect(run("[sort(createArray(), lambda('x', 'y', true()))]")).toEqual([]);
  });

  it('makes the whole result Unknown when a comparison cannot be known', () => {
    const secret = new Unknown('not known', "parameters('list')");
    expect(run("[sort(parameters('list'), lambda('x', 'y', less(lambdaVariables('x'), lambdaVariables('y'))))]", { parameters: { list: [2, secret, 1] } })).toBe(secret);
  });
});

describe('toObject, groupBy, mapValues', () => {
  it('toObject() keys elements by its lambda, valued by the element or a second lambda (the reference’s examples)', () => {
    expect(run("[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name))]", { variables })).toEqual({ Evie: dogs[0], Casper: dogs[1], Indy: dogs[2], Kira: dogs[3] });
    expect(run("[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').age))]", { variables })).toEqual({
      Evie: 5,
      Casper: 3,
      Indy: 2,
      Kira: 8,
    });
    expect(run("[toObject(createArray(123, 456, 789), lambda('i', string(div(lambdaVariables('i'), 100))))]")).toEqual({ 1: 123, 4: 456, 7: 789 });
  });

  it('groupBy() collects elements under their key (Bicep groupByTest, groupByWithValMapTest)', () => {
    const items = [
      { type: 'a', value: 123 },
      { type: 'b', value: 456 },
      { type: 'a', value: 789 },
    ];
    expect(run("[groupBy(parameters('items'), lambda('arg', lambdaVariables('arg').type))]", { parameters: { items } })).toEqual({ a: [items[0], items[2]], b: [items[1]] });
    expect(run("[groupBy(parameters('items'), lambda('arg', lambdaVariables('arg').type), lambda('arg', lambdaVariables('arg').value))]", { parameters: { items } })).toEqual({ a: [123, 789], b: [456] });
  });

  it('mapValues() maps the values of an object (Bicep mapValuesTest)', () => {
    expect(run("[mapValues(createObject('a', 123, 'b', 456), lambda('val', mul(lambdaVariables('val'), 2)))]")).toEqual({ a: 246, b: 912 });
  });

  it('need keys that are strings', () => {
    expect(failure("[toObject(createArray(1), lambda('x', lambdaVariables('x')))]")).toBe('toObject(): expects its key lambda to return a string, and it returned the integer 1');
    expect(failure("[groupBy(createArray(1), lambda('x', true()))]")).toBe('groupBy(): expects its key lambda to return a string, and it returned the boolean true');
    expect(failure("[mapValues(createArray(), lambda('x', 1))]")).toBe('mapValues(): expects its first argument to be an object, not an array');
  });
});
