/**
 * JSON text as a sequence of chunks, identical to `JSON.stringify(value, null, 2)`, for reports too
 * large to hold as one string: the items of an array wrapped in `streamedArray(items)` are written
 * as they are produced, a batch at a time, so neither the array nor its text is ever held whole.
 */

/** An array whose items are produced, and written, a few at a time. Iterated once. */
export class StreamedArray<T> {
  constructor(readonly items: Iterable<T>) {}
}

export function streamedArray<T>(items: Iterable<T>): StreamedArray<T> {
  return new StreamedArray(items);
}

/** `items.map(map)`, one item at a time. */
export function* mapEach<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

const STEP = '  ';

/**
 * The chunks of `JSON.stringify(value, null, 2)` (the same text once joined), with each
 * `StreamedArray` in it written as an array of its items.
 *
 * Objects and arrays that hold a streamed array are written here the way JSON.stringify writes
 * them (keys in order, undefined and function values left out of objects and null in arrays, `{}`
 * and `[]` when empty). Everything else is written by JSON.stringify: each batch of a streamed
 * array's items (whole: a streamed array inside an item is not looked for) by one call that
 * indents them to their depth, any other value by one call re-indented to its depth. Re-indenting
 * is exact because JSON.stringify escapes every line break inside a string, so each newline in its
 * output is one it put there to indent. (One difference no report meets: a `toJSON` method is
 * called with the key '' rather than its own.)
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const holders = streamHolders(value);
  if (holders.has(value)) yield* streamChunks(value, '', holders);
  else {
    const text = stringifyAt(value, '');
    // A top-level value JSON.stringify leaves out (undefined, a function) has no text at all.
    if (text !== undefined) yield text;
  }
}

/** A streamed array, or a plain array or object that holds one. */
function* streamChunks(value: unknown, indent: string, holders: StreamHolders): Generator<string> {
  if (value instanceof StreamedArray) yield* streamedItemChunks(value.items, indent);
  else if (Array.isArray(value)) yield* arrayChunks(value, indent, holders);
  else yield* objectChunks(value as Record<string, unknown>, indent, holders);
}

function* arrayChunks(items: readonly unknown[], indent: string, holders: StreamHolders): Generator<string> {
  const inner = indent + STEP;
  let separator = '[\n' + inner;
  for (const item of items) {
    if (holders.has(item)) {
      yield separator;
      yield* streamChunks(item, inner, holders);
    } else {
      yield separator + (stringifyAt(item, inner) ?? 'null');
    }
    separator = ',\n' + inner;
  }
  yield separator === ',\n' + inner ? '\n' + indent + ']' : '[]';
}

/** Items of a streamed array made, and then written, this many at a time: one chunk holds a batch's text. */
const BATCH = 256;

/**
 * A streamed array's items, written whole a batch at a time. The separator and each batch's text
 * are chunks of their own: joined, they would be copied once more before being written.
 */
function* streamedItemChunks(items: Iterable<unknown>, indent: string): Generator<string> {
  let batch: unknown[] = [];
  let separator = '[\n';
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) {
      yield separator;
      yield itemsText(batch, indent);
      batch = [];
      separator = ',\n';
    }
  }
  if (batch.length > 0) {
    yield separator;
    yield itemsText(batch, indent);
    separator = ',\n';
  }
  yield separator === '[\n' ? '[]' : '\n' + indent + ']';
}

/**
 * The items of an array written at this indentation, joined by ',\n', each with its indentation
 * before it: one JSON.stringify call that writes them already indented (the array, nested in as
 * many one-item arrays as its depth takes, cut out of their text), rather than one per item re-indented.
 */
function itemsText(items: unknown[], indent: string): string {
  const depth = indent.length / STEP.length + 1; // of the items
  let nested: unknown = items;
  for (let level = 1; level < depth; level++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // Each enclosing array (levels 0 to depth - 1) opens with its indentation, '[' and a line break, and closes with a line break, its indentation and ']'.
  const enclosing = depth * (depth + 1);
  return text.slice(enclosing, text.length - enclosing);
}

function* objectChunks(object: Record<string, unknown>, indent: string, holders: StreamHolders): Generator<string> {
  const inner = indent + STEP;
  let separator = '{\n';
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (holders.has(value)) {
      yield separator + inner + JSON.stringify(key) + ': ';
      yield* streamChunks(value, inner, holders);
    } else {
      const text = stringifyAt(value, inner);
      if (text === undefined) continue;
      yield separator + inner + JSON.stringify(key) + ': ' + text;
    }
    separator = ',\n';
  }
  yield separator === '{\n' ? '{}' : '\n' + indent + '}';
}

/** JSON.stringify's text for a value written at this indentation, or undefined where it leaves the value out. */
function stringifyAt(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || indent === '' ? text : text.replaceAll('\n', '\n' + indent);
}

/** The streamed arrays in a value, and the plain arrays and objects that hold them. */
type StreamHolders = ReadonlySet<unknown>;

/**
 * Found in one walk of the value: asking each level whether a stream is below it walked a large
 * value once per level it sits under (a scan's 5,000 notifications, three times, 120 ms in 8 s).
 * Only plain arrays and objects are looked into; JSON.stringify writes the rest whole.
 */
function streamHolders(value: unknown): StreamHolders {
  const holders = new Set<unknown>();
  const holds = (node: unknown): boolean => {
    if (node instanceof StreamedArray) {
      holders.add(node);
      return true;
    }
    if (typeof node !== 'object' || node === null) return false;
    let found = false;
    if (Array.isArray(node)) {
      for (const item of node) if (holds(item)) found = true;
    } else if (typeof (node as { toJSON?: unknown }).toJSON !== 'function') {
      for (const key of Object.keys(node)) if (holds((node as Record<string, unknown>)[key])) found = true;
    }
    if (found) holders.add(node);
    return found;
  };
  holds(value);
  return holders;
}
