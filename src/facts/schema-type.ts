/**
 * The TypeScript type of a value a JSON Schema describes, for the subset the facts contract uses:
 * `type` (one or several), `enum`, `items`, `properties` with `required`. The facts code is
 * typed by what the contract says, so the two cannot disagree without the compiler noticing.
 */

/** The JSON Schema subset a fact's shape is written in. */
export interface ShapeSchema {
  readonly description?: string;
  readonly type?: JsonTypeName | readonly JsonTypeName[];
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly items?: ShapeSchema;
  readonly properties?: { readonly [name: string]: ShapeSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
}

export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

type Primitive<T> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? unknown[]
          : T extends 'object'
            ? Record<string, unknown>
            : never;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<P, R> = Flatten<
  { -readonly [K in keyof P & R]: SchemaType<P[K]> } & { -readonly [K in Exclude<keyof P, R>]?: SchemaType<P[K]> }
>;

export type SchemaType<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'array'; readonly items: infer I }
    ? SchemaType<I>[]
    : S extends { readonly type: 'object'; readonly properties: infer P }
      ? ObjectOf<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
      : S extends { readonly type: readonly (infer U)[] }
        ? Primitive<U>
        : S extends { readonly type: infer U }
          ? Primitive<U>
          : unknown;
