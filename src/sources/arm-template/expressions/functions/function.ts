/**
 * How the function library meets the evaluator: a function is its name, how many arguments it
 * takes, how it wants them, and what it computes from them.
 */
import type { ExpressionContext } from '../context.js';
import type { Unknown, Value } from '../values.js';

/** `lambda('x', 'y', body)` as an argument of `map()` and its siblings: called with values for its variables. */
export class Lambda {
  constructor(
    readonly parameters: readonly string[],
    readonly call: (args: readonly Value[]) => Value,
  ) {}
}

export type Argument = Value | Lambda;

/** One call of a function, as the function sees it. */
export interface Invocation {
  /** The function's name as ARM spells it, for messages. */
  readonly name: string;
  readonly context: ExpressionContext;
  /** An Unknown standing for this call's result, naming the call's text. */
  unknown(reason: string): Unknown;
  /** Throws the ExpressionError for this call: `name(): message`. */
  fail(message: string): never;
}

interface Signature {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
}

/**
 * `values`: every argument evaluated first, and an Unknown argument makes the result that Unknown.
 * `lazy`: each argument evaluated only if the function asks (if, and, or, coalesce), so a
 * branch not taken can neither fail nor make the result Unknown.
 * `lambdas`: as `values`, and `lambda(...)` arguments arrive as Lambdas.
 */
export type FunctionDefinition =
  | (Signature & { readonly takes: 'values'; call(args: readonly Value[], at: Invocation): Value })
  | (Signature & { readonly takes: 'lazy'; call(args: readonly (() => Value)[], at: Invocation): Value })
  | (Signature & { readonly takes: 'lambdas'; call(args: readonly Argument[], at: Invocation): Value });

/** A function of evaluated arguments taking `arity` arguments (a number, or [min, max]). */
export function fn(name: string, arity: number | readonly [number, number], call: (args: readonly Value[], at: Invocation) => Value): FunctionDefinition {
  return { ...signature(name, arity), takes: 'values', call };
}

export function lazyFn(name: string, arity: number | readonly [number, number], call: (args: readonly (() => Value)[], at: Invocation) => Value): FunctionDefinition {
  return { ...signature(name, arity), takes: 'lazy', call };
}

export function lambdaFn(name: string, arity: number | readonly [number, number], call: (args: readonly Argument[], at: Invocation) => Value): FunctionDefinition {
  return { ...signature(name, arity), takes: 'lambdas', call };
}

function signature(name: string, arity: number | readonly [number, number]): Signature {
  const [minArgs, maxArgs] = typeof arity === 'number' ? [arity, arity] : arity;
  return { name, minArgs, maxArgs };
}

/** Any number of arguments from `min` on. */
export function atLeast(min: number): readonly [number, number] {
  return [min, Infinity];
}
