/**
 * Evaluates ARM template expressions against an ExpressionContext, as ARM would at deployment,
 * except that what only the deployment can know (a deployed resource's state, a secret, the time)
 * comes out as an Unknown instead of failing: a scan keeps everything it can know.
 */
import { foldCase } from '../../../ids.js';
import type { ExpressionContext } from './context.js';
import { ExpressionError } from './errors.js';
import { Lambda, type Argument, type FunctionDefinition, type Invocation } from './functions/function.js';
import { findFunction, LAMBDA_FUNCTIONS } from './functions/library.js';
import { parseTemplateString, sourceOf, type ExpressionNode, type ParsedExpression } from './parse.js';
import { describe, isArray, isInteger, isObject, isUnknown, keyOf, MAX_VALUE_SIZE, objectFrom, Unknown, UnknownNeeded, valueSize, type Value } from './values.js';

export function evaluate(expression: ParsedExpression, context: ExpressionContext): Value {
  return new Evaluator(expression, context, 0).run();
}

/** A template string's value: the literal, or what its expression evaluates to. */
export function evaluateTemplateString(text: string, context: ExpressionContext): Value {
  return evaluateValue(text, context, 0);
}

/** A JSON value from a template with every template string in it evaluated; keys are taken as written. */
export function evaluateTemplateValue(value: unknown, context: ExpressionContext): Value {
  return evaluateValue(value, context, 0);
}

/** A value within MAX_VALUE_SIZE: JSON that repeats a variable can double it at each level as surely as a function can. */
export function bounded(value: Value): Value {
  if (valueSize(value) > MAX_VALUE_SIZE) throw new ExpressionError(`the value is larger than ${MAX_VALUE_SIZE} characters and elements, aiscan's bound for one value`);
  return value;
}

/** How deep a template's functions may call each other: deeper is a function calling itself. */
const MAX_FUNCTION_DEPTH = 32;

type Scope = ReadonlyMap<string, Value>;

const NO_LAMBDA_VARIABLES: Scope = new Map();

function evaluateValue(value: unknown, context: ExpressionContext, depth: number): Value {
  if (typeof value === 'string') {
    const parsed = parseTemplateString(value);
    return parsed.kind === 'literal' ? parsed.value : new Evaluator(parsed, context, depth).run();
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return bounded(value.map((item) => evaluateValue(item, context, depth)));
  if (typeof value === 'object') {
    return bounded(objectFrom(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, context, depth)] as const)));
  }
  throw new ExpressionError(`a template holds JSON values, not ${typeof value}`);
}

class Evaluator {
  constructor(
    private readonly expression: ParsedExpression,
    private readonly context: ExpressionContext,
    private readonly depth: number,
  ) {}

  run(): Value {
    try {
      return this.node(this.expression.root, NO_LAMBDA_VARIABLES);
    } catch (error) {
      if (error instanceof UnknownNeeded) return error.value;
      throw error;
    }
  }

  private node(node: ExpressionNode, scope: Scope): Value {
    switch (node.kind) {
      case 'string':
      case 'integer':
        return node.value;
      case 'property':
        return this.property(node.target, node.name, scope);
      case 'index':
        return this.index(node.target, node.index, scope);
      case 'call':
        return node.namespace === undefined ? this.call(node, scope) : this.userFunction(node, node.namespace, scope);
    }
  }

  private property(targetNode: ExpressionNode, name: string, scope: Scope): Value {
    const target = this.node(targetNode, scope);
    if (isUnknown(target)) return target;
    if (!isObject(target)) {
      throw new ExpressionError(`The language expression property '${name}' can't be read from ${this.text(targetNode)}: it is ${describe(target)}, not an object.`);
    }
    return this.member(target, name, targetNode);
  }

  private index(targetNode: ExpressionNode, indexNode: ExpressionNode, scope: Scope): Value {
    const target = this.node(targetNode, scope);
    const index = this.node(indexNode, scope);
    if (isUnknown(target)) return target;
    if (isUnknown(index)) return index;
    if (isArray(target)) {
      if (!isInteger(index)) throw new ExpressionError(`An array index must be an integer, and ${this.text(indexNode)} is ${describe(index)}.`);
      if (index < 0 || index >= target.length) {
        throw new ExpressionError(`The language expression property array index '${index}' is out of bounds: ${this.text(targetNode)} has ${target.length} element${target.length === 1 ? '' : 's'}.`);
      }
      return target[index];
    }
    if (isObject(target)) {
      if (typeof index !== 'string') throw new ExpressionError(`An object's property is read with a string, and ${this.text(indexNode)} is ${describe(index)}.`);
      return this.member(target, index, targetNode);
    }
    throw new ExpressionError(`${this.text(targetNode)} is ${describe(target)}: only arrays and objects can be indexed.`);
  }

  private member(target: Readonly<Record<string, Value>>, name: string, targetNode: ExpressionNode): Value {
    const key = keyOf(target, name);
    if (key === undefined) {
      throw new ExpressionError(`The language expression property '${name}' doesn't exist in ${this.text(targetNode)}, available properties are '${Object.keys(target).join(', ')}'.`);
    }
    return target[key];
  }

  private call(node: Extract<ExpressionNode, { kind: 'call' }>, scope: Scope): Value {
    const name = node.name.toLowerCase();
    if (name === 'lambda') throw new ExpressionError(`lambda(): can only be an argument of ${LAMBDA_FUNCTIONS.join(', ')}`);
    if (name === 'lambdavariables') return this.lambdaVariable(node, scope);
    const definition = findFunction(node.name);
    if (!definition) throw new ExpressionError(`The template function '${node.name}' is not valid: ARM has no function of that name`);
    checkArity(definition, node.args.length);
    const at = this.invocation(definition.name, node);
    try {
      if (definition.takes === 'lazy') return definition.call(node.args.map((arg) => () => this.node(arg, scope)), at);
      const args: Argument[] = node.args.map((arg) => (definition.takes === 'lambdas' && isLambda(arg) ? this.lambda(arg, scope) : this.node(arg, scope)));
      const unknown = args.find(isUnknown);
      if (unknown) return unknown;
      const result = definition.takes === 'values' ? definition.call(args as Value[], at) : definition.call(args, at);
      if (valueSize(result) > MAX_VALUE_SIZE) throw new ExpressionError(`${definition.name}(): builds a value larger than ${MAX_VALUE_SIZE} characters and elements, aiscan's bound for one value`);
      return result;
    } catch (error) {
      if (error instanceof UnknownNeeded) return error.value;
      throw error;
    }
  }

  private lambda(node: Extract<ExpressionNode, { kind: 'call' }>, scope: Scope): Lambda {
    if (node.args.length < 2) throw new ExpressionError(`lambda(): takes the names of its variables and then its body, and has ${node.args.length} argument${node.args.length === 1 ? '' : 's'}`);
    const names = node.args.slice(0, -1).map((arg) => {
      const value = this.node(arg, scope);
      if (typeof value !== 'string') throw new ExpressionError(`lambda(): names its variables with strings, and ${this.text(arg)} is ${describe(value)}`);
      return value;
    });
    const folded = names.map(foldCase);
    const repeated = names.find((_, i) => folded.indexOf(folded[i]) !== i);
    if (repeated !== undefined) throw new ExpressionError(`lambda(): names the variable '${repeated}' twice`);
    const body = node.args[node.args.length - 1];
    return new Lambda(names, (values) => {
      const inner = new Map(scope);
      folded.forEach((name, i) => inner.set(name, values[i]));
      return this.node(body, inner);
    });
  }

  private lambdaVariable(node: Extract<ExpressionNode, { kind: 'call' }>, scope: Scope): Value {
    if (node.args.length !== 1) throw new ExpressionError(`lambdaVariables(): takes 1 argument, not ${node.args.length}`);
    const name = this.node(node.args[0], scope);
    if (typeof name !== 'string') throw new ExpressionError(`lambdaVariables(): expects its first argument to be a string, not ${describe(name)}`);
    const value = scope.get(foldCase(name));
    if (value === undefined) {
      const names = [...scope.keys()];
      throw new ExpressionError(`lambdaVariables(): there is no lambda variable '${name}' here${names.length > 0 ? ` (there is ${names.map((n) => `'${n}'`).join(', ')})` : ''}`);
    }
    return value;
  }

  private userFunction(node: Extract<ExpressionNode, { kind: 'call' }>, namespace: string, scope: Scope): Value {
    const name = `${namespace}.${node.name}`;
    const definition = this.context.userFunction(namespace, node.name);
    if (!definition) throw new ExpressionError(`The template function '${name}' is not valid: the template defines no such function`);
    const expected = definition.parameters.length;
    if (node.args.length !== expected) throw new ExpressionError(`${name}(): takes ${expected} argument${expected === 1 ? '' : 's'}, not ${node.args.length}`);
    if (this.depth >= MAX_FUNCTION_DEPTH) throw new ExpressionError(`${name}(): the template's functions call each other more than ${MAX_FUNCTION_DEPTH} deep`);
    const args = node.args.map((arg) => this.node(arg, scope));
    const bound = new Map(definition.parameters.map((parameter, i) => [foldCase(parameter), args[i]]));
    const body = Object.create(this.context, {
      parameter: { value: (parameter: string) => bound.get(foldCase(parameter)) },
      variable: {
        value: () => {
          throw new ExpressionError(`${name}(): a template's own functions can't use variables()`);
        },
      },
    }) as ExpressionContext;
    return evaluateValue(definition.output, body, this.depth + 1);
  }

  private invocation(name: string, node: ExpressionNode): Invocation {
    return {
      name,
      context: this.context,
      unknown: (reason) => new Unknown(reason, this.text(node)),
      fail: (message) => {
        throw new ExpressionError(`${name}(): ${message}`);
      },
    };
  }

  private text(node: ExpressionNode): string {
    return sourceOf(this.expression, node);
  }
}

function isLambda(node: ExpressionNode): node is Extract<ExpressionNode, { kind: 'call' }> {
  return node.kind === 'call' && node.namespace === undefined && node.name.toLowerCase() === 'lambda';
}

function checkArity(definition: FunctionDefinition, count: number): void {
  const { name, minArgs, maxArgs } = definition;
  if (count >= minArgs && count <= maxArgs) return;
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  const takes =
    minArgs === maxArgs ? plural(minArgs) : maxArgs === Infinity ? `at least ${plural(minArgs)}` : `${minArgs} to ${plural(maxArgs)}`;
  throw new ExpressionError(`${name}(): takes ${takes}, not ${count}`);
}
