import { ExpressionError, ExpressionParseError } from '../../../../src/sources/arm-template/expressions/errors.js';
import { parseTemplateString, type ExpressionNode } from '../../../../src/sources/arm-template/expressions/parse.js';

/** The tree without offsets, to compare shapes. */
function shape(node: ExpressionNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'integer':
      return node.value;
    case 'call':
      return { call: node.namespace === undefined ? node.name : `${node.namespace}.${node.name}`, args: node.args.map(shape) };
    case 'property':
      return { property: node.name, of: shape(node.target) };
    case 'index':
      return { index: shape(node.index), of: shape(node.target) };
  }
}

function parsed(text: string): unknown {
  const result = parseTemplateString(text);
  if (result.kind !== 'expression') throw new Error(`${text} is a literal`);
  return shape(result.root);
}

function parseError(text: string): ExpressionParseError {
  try {
    parseTemplateString(text);
  } catch (error) {
    if (error instanceof ExpressionParseError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('which template strings are expressions', () => {
  // Escapes from template-expressions.md ("Escape characters") and Bicep's emitted templates
  // (Azure/bicep src/Bicep.Core.Samples/Files/baselines/Variables_LF: '[test]' is written "[[test]",
  // '[test' stays "[test").
  it.each([
    ['plain text', 'plain text'],
    ['[[test value]', '[test value]'],
    ['[[]', '[]'],
    ['[[1,2,3 ]', '[1,2,3 ]'],
    ['[test] value', '[test] value'],
    ['[test', '[test'],
    ['a[b]', 'a[b]'],
    ['[', '['],
    ['', ''],
    [' [concat()]', ' [concat()]'],
  ])('%j is the literal %j', (text, literal) => {
    expect(parseTemplateString(text)).toEqual({ kind: 'literal', value: literal });
  });

  it('a string that starts with [ and ends with ] is an expression, the brackets excluded', () => {
    expect(parseTemplateString("[variables('a')]")).toMatchObject({ kind: 'expression', text: "[variables('a')]" });
  });
});

describe('parsing expressions', () => {
  it('reads function calls, nested, with any number of arguments', () => {
    expect(parsed("[concat(parameters('prefix'), '-', uniqueString(resourceGroup().id))]")).toEqual({
      call: 'concat',
      args: [{ call: 'parameters', args: ['prefix'] }, '-', { call: 'uniqueString', args: [{ property: 'id', of: { call: 'resourceGroup', args: [] } }] }],
    });
  });

  it('reads a string with doubled quotes as one quote', () => {
    expect(parsed("[concat('[', '''test''', ']')]")).toEqual({ call: 'concat', args: ['[', "'test'", ']'] });
    expect(parsed("['']")).toBe('');
    expect(parsed("['it''s']")).toBe("it's");
  });

  it('reads integers, negative ones too', () => {
    expect(parsed('[add(1, -23)]')).toEqual({ call: 'add', args: [1, -23] });
    expect(parsed('[0]')).toBe(0);
  });

  it('reads property and index access after any value, chained', () => {
    expect(parsed("[variables('subnets')[copyIndex()].properties.name]")).toEqual({
      property: 'name',
      of: { property: 'properties', of: { index: { call: 'copyIndex', args: [] }, of: { call: 'variables', args: ['subnets'] } } },
    });
    expect(parsed("[reference('x').outputs['my-output'].value]")).toEqual({
      property: 'value',
      of: { index: 'my-output', of: { property: 'outputs', of: { call: 'reference', args: ['x'] } } },
    });
  });

  it('reads property names ARM allows beyond identifiers (a hyphen, a leading digit)', () => {
    expect(parsed("[parameters('o').my-key.0]")).toEqual({ property: '0', of: { property: 'my-key', of: { call: 'parameters', args: ['o'] } } });
  });

  it("reads a template's own functions with their namespace", () => {
    expect(parsed("[contoso.uniqueName(parameters('p'))]")).toEqual({ call: 'contoso.uniqueName', args: [{ call: 'parameters', args: ['p'] }] });
  });

  it('reads true(), false() and null() as calls, and lambdas as the call they are', () => {
    expect(parsed('[if(true(), false(), null())]')).toEqual({ call: 'if', args: [{ call: 'true', args: [] }, { call: 'false', args: [] }, { call: 'null', args: [] }] });
    // template-functions-lambda.md (filter)
    expect(parsed("[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]")).toEqual({
      call: 'filter',
      args: [
        { call: 'variables', args: ['dogs'] },
        { call: 'lambda', args: ['dog', { call: 'greaterOrEquals', args: [{ property: 'age', of: { call: 'lambdaVariables', args: ['dog'] } }, 5] }] },
      ],
    });
  });

  it('allows whitespace, line breaks included, between tokens', () => {
    // template-functions-deployment.md, variables example: "[ variables('var1') ]"
    expect(parsed("[ variables( 'var1' ) ]")).toEqual({ call: 'variables', args: ['var1'] });
    expect(parsed("[concat(\n  'a',\n  'b'\n)]")).toEqual({ call: 'concat', args: ['a', 'b'] });
  });

  it('keeps where each node is, for messages', () => {
    const result = parseTemplateString("[concat('a', reference('x').id)]");
    if (result.kind !== 'expression' || result.root.kind !== 'call') throw new Error('not a call');
    const argument = result.root.args[1];
    expect(result.text.slice(argument.start, argument.end)).toBe("reference('x').id");
  });
});

describe('malformed expressions are a typed error with the column', () => {
  it.each([
    ['[]', 2, 'the expression is empty'],
    ['[   ]', 5, 'the expression is empty'],
    ["[concat('a)]", 9, 'the string has no closing quote'],
    ["[concat('a']", 12, "expected ')' to close the arguments of concat("],
    ["[concat('a' 'b')]", 13, "expected ')' to close the arguments of concat(, found \"'\""],
    ['[true]', 6, "expected '(' after the function name true (write true() for the value)"],
    ['[foo]', 5, "expected '(' after the function name foo"],
    ["[variables('a').]", 17, "expected a property name after '.', found the end of the expression"],
    ["[variables('a')[0]", 18, "expected ']' to close the index"],
    ["[concat(,)]", 9, 'expected a function call, a string in single quotes or an integer, found ","'],
    ['[1.5]', 3, 'unexpected "." after the integer 1 (only integers are written in expressions)'],
    ['[99999999999999999999]', 2, 'beyond the range evaluated exactly'],
    ["[concat('a') concat('b')]", 14, 'unexpected "c" after the expression'],
    ['["a"]', 2, 'found "\\""'],
    ['[-]', 2, 'found "-"'],
  ])('%s at column %i: %s', (text, column, reason) => {
    const error = parseError(text);
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.column).toBe(column);
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(new RegExp(`^at column ${column}: `));
  });
});
