/**
 * Reads a template string: a literal, or an ARM template language expression between `[` and `]`.
 *
 *   "[concat(parameters('prefix'), '-', uniqueString(resourceGroup().id))]"
 *   "[variables('subnets')[copyIndex()].name]"
 *   "[[not an expression]"        the literal "[not an expression]"
 *
 * The grammar is small: function calls (`name(...)`, a template's own functions as
 * `namespace.name(...)`), strings in single quotes (`''` is a quote), integers, and after any
 * of them `.property` and `[index]`. `true`, `false` and `null` are the functions `true()`,
 * `false()` and `null()`; lambdas are the function `lambda('x', body)`, read by the evaluator.
 */
import { ExpressionParseError } from './errors.js';

interface Span {
  /** Offsets in the template string, its opening `[` at 0: where the node's text starts and ends. */
  readonly start: number;
  readonly end: number;
}

export type ExpressionNode =
  | (Span & { readonly kind: 'string'; readonly value: string })
  | (Span & { readonly kind: 'integer'; readonly value: number })
  | (Span & { readonly kind: 'call'; readonly namespace?: string; readonly name: string; readonly args: readonly ExpressionNode[] })
  | (Span & { readonly kind: 'property'; readonly target: ExpressionNode; readonly name: string })
  | (Span & { readonly kind: 'index'; readonly target: ExpressionNode; readonly index: ExpressionNode });

export interface ParsedExpression {
  readonly kind: 'expression';
  /** The whole template string, brackets included: nodes' offsets point into it. */
  readonly text: string;
  readonly root: ExpressionNode;
}

export interface LiteralString {
  readonly kind: 'literal';
  readonly value: string;
}

export type TemplateString = LiteralString | ParsedExpression;

/**
 * ARM evaluates a string that starts with `[` and ends with `]`; `[[` at the start escapes the
 * bracket, and the string is the literal text without its first `[`. A string with a bracket at
 * only one end (`[test`, `a[b]`) is a literal as written.
 */
export function parseTemplateString(text: string): TemplateString {
  if (text.length < 2 || !text.startsWith('[') || !text.endsWith(']')) return { kind: 'literal', value: text };
  if (text[1] === '[') return { kind: 'literal', value: text.slice(1) };
  return { kind: 'expression', text, root: new Parser(text).expressionString() };
}

/** The source text of a node, as an Unknown or an error names it. */
export function sourceOf(expression: ParsedExpression, node: ExpressionNode): string {
  return expression.text.slice(node.start, node.end);
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
/** A property name after `.` runs to the next character that can end it, as ARM reads `.my-output` or `.0`. */
const PROPERTY_STOP = /[()[\],.'\s]/;
const WHITESPACE = /\s/;
const DIGIT = /[0-9]/;

class Parser {
  private position = 1;
  private readonly end: number;

  constructor(private readonly text: string) {
    this.end = text.length - 1;
  }

  expressionString(): ExpressionNode {
    this.skipWhitespace();
    if (this.position >= this.end) this.fail('the expression is empty', this.position);
    const node = this.expression();
    this.skipWhitespace();
    if (this.position < this.end) this.fail(`unexpected ${this.describeHere()} after the expression`, this.position);
    return node;
  }

  private expression(): ExpressionNode {
    let node = this.primary();
    for (;;) {
      const char = this.text[this.position];
      if (this.position < this.end && char === '.') {
        this.position++;
        const start = this.position;
        while (this.position < this.end && !PROPERTY_STOP.test(this.text[this.position])) this.position++;
        if (this.position === start) this.fail(`expected a property name after '.', found ${this.describeHere()}`, this.position);
        node = { kind: 'property', target: node, name: this.text.slice(start, this.position), start: node.start, end: this.position };
      } else if (this.position < this.end && char === '[') {
        this.position++;
        this.skipWhitespace();
        const index = this.expression();
        this.skipWhitespace();
        this.expect(']', 'to close the index');
        node = { kind: 'index', target: node, index, start: node.start, end: this.position };
      } else {
        return node;
      }
    }
  }

  private primary(): ExpressionNode {
    const start = this.position;
    const char = this.text[start];
    if (start >= this.end) this.fail('the expression ends where a value should be', start);
    if (char === "'") return this.string();
    if (DIGIT.test(char) || (char === '-' && DIGIT.test(this.text[start + 1] ?? ''))) return this.integer();
    if (IDENTIFIER_START.test(char)) return this.call();
    return this.fail(`expected a function call, a string in single quotes or an integer, found ${this.describeHere()}`, start);
  }

  private string(): ExpressionNode {
    const start = this.position;
    let value = '';
    this.position++;
    for (;;) {
      if (this.position >= this.end) this.fail('the string has no closing quote', start);
      const char = this.text[this.position];
      if (char === "'") {
        if (this.text[this.position + 1] === "'" && this.position + 1 < this.end) {
          value += "'";
          this.position += 2;
          continue;
        }
        this.position++;
        return { kind: 'string', value, start, end: this.position };
      }
      value += char;
      this.position++;
    }
  }

  private integer(): ExpressionNode {
    const start = this.position;
    if (this.text[this.position] === '-') this.position++;
    while (this.position < this.end && DIGIT.test(this.text[this.position])) this.position++;
    const literal = this.text.slice(start, this.position);
    const value = Number(literal);
    if (!Number.isSafeInteger(value)) this.fail(`the integer ${literal} is beyond the range evaluated exactly (±${Number.MAX_SAFE_INTEGER})`, start);
    if (this.position < this.end && /[A-Za-z_.]/.test(this.text[this.position])) {
      this.fail(`unexpected ${this.describeHere()} after the integer ${literal} (only integers are written in expressions)`, this.position);
    }
    return { kind: 'integer', value, start, end: this.position };
  }

  private call(): ExpressionNode {
    const start = this.position;
    let name = this.identifier();
    let namespace: string | undefined;
    if (this.text[this.position] === '.' && IDENTIFIER_START.test(this.text[this.position + 1] ?? '')) {
      const afterDot = this.position;
      this.position++;
      const member = this.identifier();
      if (this.text[this.position] === '(') {
        namespace = name;
        name = member;
      } else {
        this.position = afterDot;
      }
    }
    const nameEnd = this.position;
    this.skipWhitespace();
    if (this.text[this.position] !== '(' || this.position >= this.end) {
      const written = this.text.slice(start, nameEnd);
      const hint = ['true', 'false', 'null'].includes(written.toLowerCase()) ? ` (write ${written}() for the value)` : '';
      this.fail(`expected '(' after the function name ${written}${hint}`, this.position);
    }
    this.position++;
    const args: ExpressionNode[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === ')' && this.position < this.end) {
      this.position++;
      return { kind: 'call', ...(namespace === undefined ? {} : { namespace }), name, args, start, end: this.position };
    }
    for (;;) {
      this.skipWhitespace();
      args.push(this.expression());
      this.skipWhitespace();
      const char = this.text[this.position];
      if (this.position < this.end && char === ',') {
        this.position++;
        continue;
      }
      this.expect(')', `to close the arguments of ${namespace === undefined ? '' : `${namespace}.`}${name}(`);
      return { kind: 'call', ...(namespace === undefined ? {} : { namespace }), name, args, start, end: this.position };
    }
  }

  private identifier(): string {
    const start = this.position;
    while (this.position < this.end && IDENTIFIER_PART.test(this.text[this.position])) this.position++;
    return this.text.slice(start, this.position);
  }

  private expect(char: string, purpose: string): void {
    if (this.position >= this.end || this.text[this.position] !== char) {
      this.fail(`expected '${char}' ${purpose}, found ${this.describeHere()}`, this.position);
    }
    this.position++;
  }

  private skipWhitespace(): void {
    while (this.position < this.end && WHITESPACE.test(this.text[this.position])) this.position++;
  }

  private describeHere(): string {
    return this.position >= this.end ? 'the end of the expression' : JSON.stringify(this.text[this.position]);
  }

  private fail(reason: string, offset: number): never {
    throw new ExpressionParseError(reason, offset + 1);
  }
}
