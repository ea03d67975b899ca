/**
 * Property trees (see src/engine/property-paths.ts) from the models of the Azure SDK for
 * JavaScript, which are generated from the Azure REST API specs. Two generations of the SDK:
 * - AutoRest "mappers": data describing each model, with wire names (`serializedName`, dotted
 *   where the spec flattens `properties`), and subtypes of polymorphic models by `uberParent`;
 * - TypeSpec "deserializers": functions that read a response by its wire names. They are run on
 *   a recording proxy, which notes every name read; values they pass through untouched (a string,
 *   or free-form JSON: the two look the same) become "any".
 */
import type { PropertyTree } from '../../src/engine/property-paths.js';

type Tree = PropertyTree;

export function mergeTrees(a: Tree | undefined, b: Tree): Tree {
  if (a === undefined) return b;
  if (a === 'any' || b === 'any') return 'any';
  if (a === 0) return b;
  if (b === 0) return a;
  const merged: Record<string, Tree> = { ...a };
  for (const [key, value] of Object.entries(b)) merged[key] = mergeTrees(merged[key], value);
  return merged;
}

/** Places `value` at `path` inside `tree` (an object), merging with what is there. */
function setAt(tree: Record<string, Tree>, path: readonly string[], value: Tree): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    tree[head] = mergeTrees(tree[head], value);
    return;
  }
  const existing = tree[head];
  const child: Record<string, Tree> = existing === undefined || existing === 0 ? {} : existing === 'any' ? {} : existing;
  if (existing === 'any') return;
  setAt(child, rest, value);
  tree[head] = child;
}

interface MapperType {
  name: string;
  className?: string;
  uberParent?: string;
  modelProperties?: Record<string, { serializedName?: string; type: MapperType }>;
  element?: { type: MapperType };
  value?: { type: MapperType };
  additionalProperties?: unknown;
}

type Mappers = Record<string, { type?: MapperType } | undefined>;

const MAX_MODEL_DEPTH = 4;

/** `properties.enableX` → ['properties', 'enableX']; `odata\.type` is one name. */
function wirePath(serializedName: string): string[] {
  return serializedName.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
}

export function treeFromMapper(mappers: Mappers, className: string): Tree {
  const following = new Set<string>();

  function composite(name: string): Tree {
    const mapper = mappers[name]?.type;
    if (!mapper) throw new Error(`no mapper named ${name}`);
    // A model that contains itself is not followed again, and resources that embed others (a NIC
    // its subnet, the subnet its NICs, …) are cut a few models deep: rules read the resource's own.
    if (following.has(name) || following.size >= MAX_MODEL_DEPTH) return 'any';
    following.add(name);
    // A polymorphic model may be any of its subtypes: its tree is all of theirs together.
    const variants = mapper.uberParent === name ? Object.values(mappers).filter((m) => m?.type?.uberParent === name && m.type.className !== name) : [];
    let tree: Tree = properties(mapper);
    for (const variant of variants) tree = mergeTrees(tree, properties(variant!.type!));
    following.delete(name);
    return tree;
  }

  function properties(mapper: MapperType): Tree {
    const tree: Record<string, Tree> = {};
    for (const property of Object.values(mapper.modelProperties ?? {})) {
      if (!property.serializedName) continue;
      setAt(tree, wirePath(property.serializedName), typeTree(property.type));
    }
    if (mapper.additionalProperties) tree['*'] = 'any';
    return tree;
  }

  function typeTree(type: MapperType): Tree {
    switch (type.name) {
      case 'Composite':
        return type.modelProperties && !type.className ? properties(type) : composite(type.className!);
      case 'Sequence':
        return type.element ? typeTree(type.element.type) : 'any';
      case 'Dictionary':
        return { '*': type.value ? typeTree(type.value.type) : 'any' };
      case 'Object':
        return 'any';
      default:
        return 0;
    }
  }

  return composite(className);
}

/** A name read by a deserializer, and what was read below it. */
class Recorded {
  readonly children = new Map<string, Recorded>();
  element?: Recorded;

  constructor(readonly depth = 0) {}

  child(name: string): Recorded {
    let child = this.children.get(name);
    if (!child) this.children.set(name, (child = new Recorded(this.depth + 1)));
    return child;
  }

  elements(): Recorded {
    return (this.element ??= new Recorded(this.depth + 1));
  }

  /** Models that contain themselves (error details) are cut here: no rule reads that deep. */
  get truncated(): boolean {
    return this.depth >= MAX_DEPTH;
  }

  tree(): Tree {
    if (this.truncated) return 'any';
    let tree: Tree = 'any';
    if (this.children.size > 0) {
      const object: Record<string, Tree> = {};
      for (const [name, child] of this.children) object[name] = child.tree();
      tree = object;
    }
    // Arrays are transparent: an array's tree is its elements'.
    if (this.element) tree = this.children.size > 0 ? mergeTrees(tree, this.element.tree()) : this.element.tree();
    return tree;
  }
}

const MAX_DEPTH = 24;

function recorder(node: Recorded): unknown {
  // A function target, so that the proxy also answers `Object.entries` (ownKeys) and `.map(…)`.
  return new Proxy(() => undefined, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) {
        return function* () {
          if (!node.truncated) yield recorder(node.elements());
        };
      }
      if (typeof key === 'symbol') return undefined;
      if (key === 'map') return (each: (value: unknown, index: number) => unknown) => (node.truncated ? [] : [each(recorder(node.elements()), 0)]);
      return node.truncated ? undefined : recorder(node.child(key));
    },
    // A map (tags, addonProfiles): its values are recorded under "*".
    ownKeys: () => (node.truncated ? [] : ['*']),
    getOwnPropertyDescriptor: () => ({ value: recorder(node.child('*')), enumerable: true, configurable: true, writable: true }),
    has: () => true,
  });
}

export function treeFromDeserializer(deserialize: (item: unknown) => unknown): Tree {
  const root = new Recorded();
  deserialize(recorder(root));
  return root.tree();
}
