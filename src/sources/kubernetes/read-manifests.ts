/**
 * Kubernetes objects of a manifest file (what `kubectl apply -f` or `helm template` takes): its
 * YAML documents, or the items of a `List`, as plain JSON data with the line and column of every
 * key, so a finding points at the field it is about. JSON manifests read the same way (YAML 1.2
 * is a superset of JSON).
 *
 * The file is untrusted: alias expansion, nesting and tags are bounded or refused before they can
 * cost more than the file's size, and keys never reach an object's prototype.
 */
import { Composer, CST, LineCounter, Parser, isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { JsonPath } from '../../estate.js';
import { UserError } from '../../errors.js';
import { isRecord } from '../../json/is-record.js';
import { kubectlPlainScalar } from './kubectl-scalars.js';
import { entryOf } from '../../multimap.js';

/** One Kubernetes object of a manifest file: a document, or an item of a `List` document. */
export interface ManifestObject {
  /** The object as plain JSON data: own enumerable properties only, no prototype tricks. */
  object: Record<string, unknown>;
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** Where the object is inside its document: [] for the document itself, ['items', 3] for a List item. */
  path: JsonPath;
  /** 1-based line and column where the object starts (its first key). */
  line: number;
  column: number;
  /** For every key at every depth in the object, and every sequence element: its path relative to the object → 1-based line/column of the key (for an element: of the element). */
  lines: LineEntry[];
}

type LineEntry = { path: JsonPath; line: number; column: number };

/** kubectl's own limit is far below what a stack can take; 200 is deeper than any real manifest. */
const MAX_DEPTH = 200;
/** Every expansion counts, nested ones too, so a "billion laughs" document stops after 100 steps. */
const MAX_ALIASES = 100;
/** Values copied through aliases: a single alias to a huge anchor must not multiply the file either. */
const MAX_ALIAS_VALUES = 100_000;
const QUOTE_LIMIT = 80;

const YAML_TAG = 'tag:yaml.org,2002:';
const SCALAR_TAGS = new Set(['str', 'int', 'float', 'bool', 'null'].map((name) => YAML_TAG + name));
const MAP_TAG = `${YAML_TAG}map`;
const SEQ_TAG = `${YAML_TAG}seq`;

const PARSE_OPTIONS = {
  version: '1.2',
  // Plain scalars are read again as kubectl reads them (kubectl-scalars.ts), whatever a %YAML directive says.
  schema: 'core',
  prettyErrors: false,
  // Checked while walking, by the key as JSON holds it; the library's check is quadratic in a mapping's size.
  uniqueKeys: false,
  maxAliasCount: MAX_ALIASES,
} as const;

/**
 * Reads every Kubernetes object of a YAML or JSON text. Documents that are empty are skipped
 * silently; a document that is not a mapping with string `apiVersion` and `kind` is skipped with a
 * warning `${file}:${line}: document ${n+1} is not a Kubernetes object (no apiVersion and kind): skipped`.
 * A document with an `items` field is a list, whatever its kind says: its items are the objects.
 */
export function readManifests(text: string, file: string, options: { template?: boolean } = {}): { objects: ManifestObject[]; warnings: string[] } {
  const lineCounter = new LineCounter();
  const objects: ManifestObject[] = [];
  const warnings: string[] = [];
  // A Helm template is read as kubectl reads any file: document by document, up to the first that is not YAML.
  const stop = (document: number, offset: number) =>
    warnings.push(
      `${file}:${lineCounter.linePos(offset).line}: document ${document + 1} is a Helm template, not YAML: it and the documents after it are not scanned, as kubectl apply -f stops there too; scan what helm template renders`,
    );
  let index = -1;
  for (const document of parsedDocuments(text, file, lineCounter)) {
    index++;
    // The library may report a later error of the document before an earlier one.
    const error = document.errors.reduce<(typeof document.errors)[number] | undefined>((first, next) => (first === undefined || next.pos[0] < first.pos[0] ? next : first), undefined);
    if (error && options.template) {
      stop(index, document.range[0]);
      break;
    }
    if (error) throw failure(file, lineCounter, error.pos[0], `invalid YAML: ${error.message}`);
    const root = document.contents;
    if (root === null || isEmpty(root)) continue;
    const start = lineCounter.linePos(startOf(root));
    const notAnObject = `${file}:${start.line}: document ${index + 1} is not a Kubernetes object (no apiVersion and kind): skipped`;
    if (!isMap(root)) {
      warnings.push(notAnObject);
      continue;
    }
    const walker = new Walker(file, lineCounter);
    const lines: LineEntry[] = [];
    let object: Record<string, unknown>;
    try {
      object = walker.value(root, [], 0, lines) as Record<string, unknown>;
    } catch (caught) {
      // `{{ .Values.x }}` is YAML of a mapping whose key is a mapping, which kubectl's YAML reader refuses.
      if (!(options.template && caught instanceof NotAScalarKey)) throw caught;
      stop(index, document.range[0]);
      break;
    }
    const itemsKey = itemsKeyOf(object, file, lines, start);
    if (itemsKey !== undefined) {
      // Not push(...items): a List of many thousands would overflow the arguments a call can take.
      for (const item of listItems(object, itemsKey, lines, root, index, { file, lineCounter, start, warnings })) objects.push(item);
      continue;
    }
    if (!Object.hasOwn(object, 'apiVersion') || !Object.hasOwn(object, 'kind')) {
      warnings.push(notAnObject);
      continue;
    }
    requireStrings(object, lines, [], file, start);
    objects.push({ object, document: index, path: [], line: start.line, column: start.col, lines });
  }
  return { objects, warnings };
}

/** `items` as Go's encoding/json matches a field name: ASCII case ignored, and the long s (ſ) is an s. */
const ITEMS_KEY = /^[iI][tT][eE][mM][sS\u017F]$/;

/**
 * The key of the document's `items` field, if it has one. kubectl decodes any object with an
 * `items` field as a list (apimachinery's unstructured JSON scheme looks for the field, not at the
 * kind) and applies its items, never the object itself: a `kind: ConfigMap` holding `items` is a
 * list of whatever the items are. Two spellings of it are refused, as no one can say which kubectl takes.
 */
function itemsKeyOf(object: Record<string, unknown>, file: string, lines: readonly LineEntry[], start: { line: number; col: number }): string | undefined {
  const keys = Object.keys(object).filter(isItemsKey);
  if (keys.length > 1) {
    const at = lines.find((entry) => entry.path.length === 1 && entry.path[0] === keys[1]);
    throw new UserError(`${file}:${at ? `${at.line}:${at.column}` : `${start.line}:${start.col}`}: ${keys.map((key) => quote(key)).join(' and ')} are one field to kubectl, which reads JSON field names ignoring case: write it once`);
  }
  return keys[0];
}

/**
 * The items of a list document (`kubectl get -o yaml` writes one), each an object with its own
 * lines. As kubectl decodes a list: an item with neither `apiVersion` nor `kind` takes the list's
 * `apiVersion`, and its kind less a trailing `List` (the items of a `PodList` are Pods).
 */
function listItems(
  list: Record<string, unknown>,
  itemsKey: string,
  lines: LineEntry[],
  root: Node,
  document: number,
  context: { file: string; lineCounter: LineCounter; start: { line: number; col: number }; warnings: string[] },
): ManifestObject[] {
  const { file, lineCounter, start, warnings } = context;
  const value = list[itemsKey];
  const listKind = stringField(list, 'kind');
  if (listKind === '' || !(Array.isArray(value) || value === null)) {
    const why = listKind === '' ? 'it has no kind' : `its ${itemsKey} is not a list`;
    warnings.push(`${file}:${start.line}: document ${document + 1} has an ${itemsKey} field, so kubectl reads it as a list, and refuses it: ${why}: skipped`);
    return [];
  }
  const items = value ?? [];
  const listApiVersion = stringField(list, 'apiVersion');
  const itemLines = items.map((): LineEntry[] => []);
  const itemAt = new Map<number, LineEntry>();
  for (const entry of lines) {
    const item = entry.path[1];
    if (entry.path[0] !== itemsKey || typeof item !== 'number') continue;
    if (entry.path.length === 2) itemAt.set(item, entry);
    else itemLines[item]?.push({ ...entry, path: entry.path.slice(2) });
  }
  const nodes = listItemNodes(root, itemsKey);
  const objects: ManifestObject[] = [];
  items.forEach((item, i) => {
    // The item's first key, as for a document; an item written through an alias or merge key starts where that is.
    const node = nodes?.[i];
    const written = isNode(node) ? lineCounter.linePos(startOf(node)) : undefined;
    const entry = itemAt.get(i);
    const at = written ?? (entry ? { line: entry.line, col: entry.column } : start);
    if (isRecord(item) && stringField(item, 'apiVersion') === '' && stringField(item, 'kind') === '') {
      define(item, 'apiVersion', listApiVersion);
      define(item, 'kind', listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : listKind);
    }
    // kubectl maps no kind or version that is empty to a resource, and refuses the item.
    if (!isRecord(item) || !Object.hasOwn(item, 'apiVersion') || !Object.hasOwn(item, 'kind') || item.apiVersion === '' || item.kind === '') {
      warnings.push(`${file}:${at.line}: ${itemsKey}[${i}] of document ${document + 1} is not a Kubernetes object (no apiVersion and kind): skipped`);
      return;
    }
    requireStrings(item, itemLines[i], [itemsKey, i], file, at);
    objects.push({ object: item, document, path: [itemsKey, i], line: at.line, column: at.col, lines: itemLines[i] });
  });
  return objects;
}

/** Whether a field name is `items` as kubectl's JSON decoding matches it (a list's items: see itemsKeyOf). */
export function isItemsKey(key: string): boolean {
  return ITEMS_KEY.test(key);
}

/**
 * Whether a .yaml, .yml or .json file holds Kubernetes manifests: some document's top-level
 * mapping has string `apiVersion` and `kind`, or a string `kind` and `items` (a list). Never throws. A file the parser finds broken still
 * counts when its first document has `apiVersion:` and `kind:` lines at the left margin, so that
 * readManifests, not the recogniser, tells the user where the file is broken.
 */
export function looksLikeKubernetes(text: string): boolean {
  try {
    let broken = false;
    // Read up to the first Kubernetes object, not the whole file: the scan reads it again.
    for (const document of parsedDocuments(text, '', new LineCounter())) {
      const root = document.contents;
      if (isMap(root) && isStringScalar(root.get('kind', true)) && (isStringScalar(root.get('apiVersion', true)) || root.items.some((pair) => isScalar(pair.key) && isItemsKey(String(pair.key.value))))) return true;
      broken ||= document.errors.length > 0;
    }
    return broken && firstDocumentLooksLikeKubernetes(text);
  } catch {
    return firstDocumentLooksLikeKubernetes(text);
  }
}

/** The header lines of the first document that holds anything but comments: what a broken manifest still shows. */
function firstDocumentLooksLikeKubernetes(text: string): boolean {
  for (const chunk of withoutBom(text).split(/^---/m)) {
    if (!/^[ \t]*[^\s#]/m.test(chunk)) continue;
    return /^apiVersion:/m.test(chunk) && /^kind:/m.test(chunk);
  }
  return false;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The documents of the text, each composed as soon as its syntax tree is read, so that only one
 * document's trees are held at a time: all of them at once, for 8,000 Deployments (3 MB of YAML),
 * took 400 MB and spent a third of the time collecting. `lineCounter` learns the lines as the text is read.
 *
 * Parsed in two steps so the nesting is measured on each syntax tree before the composer, which
 * recurses, sees it. The library catches its own stack overflow, but on Node 20 the next parse in
 * the process then died in V8's regular-expression compiler (a fatal out-of-memory abort), so a
 * deep document must never reach the composer.
 */
function* parsedDocuments(text: string, file: string, lineCounter: LineCounter): Generator<Document.Parsed> {
  const composer = new Composer(PARSE_OPTIONS);
  for (const token of new Parser(lineCounter.addNewLine).parse(withoutBom(text))) {
    const tooDeep = tooDeepAt([token]);
    if (tooDeep !== undefined) throw failure(file, lineCounter, tooDeep, `nested more than ${MAX_DEPTH} levels deep`);
    yield* composer.next(token);
  }
  yield* composer.end();
}

/** The offset of the first collection nested more than MAX_DEPTH deep, walked without recursion (in text order: the stack is filled backwards). */
function tooDeepAt(tokens: CST.Token[]): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    let items: CST.CollectionItem[] = [];
    let inner = depth;
    switch (token.type) {
      case 'document':
        if (token.value) stack.push({ token: token.value, depth });
        continue;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        inner = depth + 1;
        if (inner > MAX_DEPTH) return token.offset;
        items = token.items;
        break;
      default:
        continue;
    }
    for (let index = items.length - 1; index >= 0; index--) {
      const { key, value } = items[index];
      if (value) stack.push({ token: value, depth: inner });
      if (key) stack.push({ token: key, depth: inner });
    }
  }
  return undefined;
}

/** A mapping key that is a mapping or a sequence: what a template action (`{{ x }}`) reads as in YAML. */
class NotAScalarKey extends UserError {}

/** Builds plain JSON from a document's nodes, checking what the library lets through. */
class Walker {
  /** Anchors by name, each registered once its node is complete, as an alias may only name an earlier node. */
  private readonly anchors = new Map<string, Node>();
  /** Anchors whose node is being walked: an alias to one of them is a cycle JSON cannot hold. */
  private readonly open = new Set<string>();
  private aliases = 0;
  private copied = 0;
  /** Inside an alias: the values are copies of nodes written elsewhere, and anchors there are not new. */
  private expanding = false;

  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  /** `lines` is undefined inside an alias: a finding there points at the alias, the nearest written path. */
  value(node: unknown, path: JsonPath, depth: number, lines: LineEntry[] | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (!isNode(node)) throw this.fail(undefined, 'unsupported YAML structure');
    if (this.expanding && ++this.copied > MAX_ALIAS_VALUES) throw this.fail(node, `aliases expand to more than ${MAX_ALIAS_VALUES} values`);
    if (isAlias(node)) return this.expand(node, (target) => this.value(target, path, depth, undefined));
    this.checkTag(node);
    const anchor = this.expanding ? undefined : node.anchor;
    if (anchor !== undefined) this.open.add(anchor);
    let value: unknown;
    if (isScalar(node)) value = this.scalar(node);
    else {
      if (depth + 1 > MAX_DEPTH) throw this.fail(node, `nested more than ${MAX_DEPTH} levels deep`);
      value = isMap(node) ? this.map(node, path, depth + 1, lines) : this.seq(node, path, depth + 1, lines);
    }
    if (anchor !== undefined) {
      this.open.delete(anchor);
      this.anchors.set(anchor, node);
    }
    return value;
  }

  private expand<T>(alias: Node & { source: string }, walk: (target: Node) => T): T {
    if (++this.aliases > MAX_ALIASES) throw this.fail(alias, `too many aliases: more than ${MAX_ALIASES} expansions (a "billion laughs" document?)`);
    const target = this.anchors.get(alias.source);
    if (target === undefined) {
      const why = this.open.has(alias.source) ? 'is inside the value it names' : 'names no anchor before it';
      throw this.fail(alias, `alias ${quote(`*${alias.source}`)} ${why}`);
    }
    const was = this.expanding;
    this.expanding = true;
    try {
      return walk(target);
    } finally {
      this.expanding = was;
    }
  }

  private scalar(node: Node & { value: unknown; source?: string; type?: string }): unknown {
    const value = node.type === 'PLAIN' && typeof node.source === 'string' ? this.plain(node, node.source) : node.value;
    if (typeof value === 'number' && !Number.isFinite(value)) throw this.fail(node, `${quote(node.source ?? String(value))} is not a finite number, which JSON cannot hold`);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    throw this.fail(node, 'unsupported YAML value');
  }

  /** A plain scalar as kubectl reads it (kubectl-scalars.ts); one with a tag must be what the tag says. */
  private plain(node: Node, text: string): unknown {
    if (node.tag === `${YAML_TAG}str`) return text;
    const resolved = kubectlPlainScalar(text);
    if (node.tag === undefined || node.tag === YAML_TAG + resolved.type || (node.tag === `${YAML_TAG}float` && resolved.type === 'int')) return resolved.value;
    throw this.fail(node, `${quote(text)} is not a !!${node.tag.slice(YAML_TAG.length)} value as kubectl reads YAML`);
  }

  private map(node: YAMLMap, path: JsonPath, depth: number, lines: LineEntry[] | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const own = new Map<string, number>();
    // Per key, where its value was written: the key and everything below it, or the merge that brought it.
    const written = lines ? new Map<string, LineEntry[]>() : undefined;
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        this.merge(out, this.mergeSources(pair.value, depth - 1, lines !== undefined), { path, at: this.position(pair.key.range[0]), written });
        continue;
      }
      const key = this.key(pair.key, node);
      const keyAt = isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
      const first = own.get(key);
      if (first !== undefined) throw this.fail(pair.key, `duplicate key ${quote(key)} (first at line ${this.lineCounter.linePos(first).line})`);
      own.set(key, keyAt);
      const keyPath = [...path, key];
      const keyLines = written ? [{ path: keyPath, ...this.position(keyAt) }] : undefined;
      define(out, key, this.value(pair.value, keyPath, depth, keyLines));
      if (written && keyLines) written.set(key, keyLines);
    }
    if (lines && written) for (const entries of written.values()) for (const entry of entries) lines.push(entry);
    return out;
  }

  /**
   * A merge key (`<<`) as yaml.v2, which kubectl reads YAML with, applies it: where it is written,
   * over the keys before it (a key after it wins), and of a list of mappings the earlier win. YAML
   * 1.1 says a mapping's own keys always win; kubectl sends `privileged: false` then `<<: {privileged:
   * true}` as true, and so it is read here.
   */
  private merge(
    out: Record<string, unknown>,
    sources: { object: Record<string, unknown>; lines: LineEntry[] | undefined }[],
    { path, at, written }: { path: JsonPath; at: { line: number; column: number }; written: Map<string, LineEntry[]> | undefined },
  ): void {
    for (const source of [...sources].reverse()) {
      const below = new Map<string, LineEntry[]>();
      for (const entry of source.lines ?? []) entryOf(below, entry.path[0] as string, () => []).push({ ...entry, path: [...path, ...entry.path] });
      for (const key of Object.keys(source.object)) {
        define(out, key, source.object[key]);
        written?.set(key, source.lines ? (below.get(key) ?? []) : [{ path: [...path, key], ...at }]);
      }
    }
  }

  /** A merge key's mappings, walked where they are written (anchors in them count from there). */
  private mergeSources(node: unknown, depth: number, located: boolean): { object: Record<string, unknown>; lines: LineEntry[] | undefined }[] {
    const one = (source: unknown, lines: boolean) => {
      const sourceLines = lines ? [] : undefined;
      const walk = (target: Node) => {
        if (!isMap(target)) throw this.fail(isNode(source) ? source : undefined, 'a merge key << needs a mapping or a list of mappings');
        return this.value(target, [], depth, sourceLines) as Record<string, unknown>;
      };
      const object = isAlias(source) ? this.expand(source, walk) : walk(source as Node);
      return { object, lines: isAlias(source) ? undefined : sourceLines };
    };
    if (isSeq(node)) {
      this.checkTag(node);
      return node.items.map((item) => one(item, located && !isAlias(item)));
    }
    return [one(node, located && !isAlias(node))];
  }

  private seq(node: YAMLSeq, path: JsonPath, depth: number, lines: LineEntry[] | undefined): unknown[] {
    const out: unknown[] = [];
    node.items.forEach((item, index) => {
      const itemPath = [...path, index];
      if (lines && isNode(item)) lines.push({ path: itemPath, ...this.position(item.range?.[0] ?? 0) });
      out.push(this.value(item, itemPath, depth, lines));
    });
    return out;
  }

  /** A key as JSON holds it: a scalar's text as kubectl reads it (`1` and `"1"` are the same key, and so are `on` and `true`). */
  private key(key: unknown, map: Node): string {
    if (key === null || key === undefined) throw this.fail(map, 'a key is empty');
    if (!isNode(key)) throw this.fail(map, 'unsupported YAML key');
    if (isAlias(key)) {
      return this.expand(key, (target) => {
        if (!isScalar(target)) throw this.fail(key, `an alias used as a key must name a string or number, not ${describe(target)}`);
        return this.key(target, map);
      });
    }
    if (!isScalar(key)) throw new NotAScalarKey(this.fail(key, `a key must be a string or number, not ${describe(key)}`).message);
    this.checkTag(key);
    if (key.value === null && key.source === '') throw this.fail(key, 'a key is empty');
    const text = this.keyText(key);
    if (key.anchor !== undefined && !this.expanding) this.anchors.set(key.anchor, key);
    return text;
  }

  /**
   * A key as kubectl's YAML-to-JSON step writes it: `yes` is "true", `010` is "8". A null key is
   * refused there, and a key read as a fraction is written with 32-bit precision: both refused here.
   */
  private keyText(key: Node & { value: unknown; source?: string; type?: string }): string {
    const plain = key.type === 'PLAIN' && key.tag === undefined && typeof key.source === 'string' ? kubectlPlainScalar(key.source) : undefined;
    // scalar() refuses .inf and .nan with its own words.
    if (plain?.type === 'float' && Number.isFinite(plain.value)) throw this.fail(key, `the key ${quote(key.source ?? '')} is a floating-point number as kubectl reads YAML: quote it`);
    const value = plain && plain.type !== 'float' ? plain.value : this.scalar(key);
    if (value === null) throw this.fail(key, `the key ${quote(key.source ?? '')} is null as kubectl reads YAML, which it refuses: quote it`);
    return String(value);
  }

  private checkTag(node: Node): void {
    const { tag } = node;
    if (tag === undefined) return;
    if (isScalar(node) ? SCALAR_TAGS.has(tag) : tag === (isMap(node) ? MAP_TAG : SEQ_TAG)) return;
    throw this.fail(node, `unsupported YAML tag ${quote(tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag)}`);
  }

  private position(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private fail(node: unknown, message: string): UserError {
    return failure(this.file, this.lineCounter, isNode(node) ? startOf(node) : 0, message);
  }
}

/** `apiVersion` and `kind` are there (else the caller warned and skipped); written as anything but strings, the manifest is wrong. */
function requireStrings(object: Record<string, unknown>, lines: LineEntry[], prefix: JsonPath, file: string, start: { line: number; col: number }): void {
  for (const key of ['apiVersion', 'kind']) {
    const value = object[key];
    if (typeof value === 'string') continue;
    const at = lines.find((entry) => entry.path.length === 1 && entry.path[0] === key);
    const where = at ? `${at.line}:${at.column}` : `${start.line}:${start.col}`;
    const name = prefix.length > 0 ? `${String(prefix[0])}[${String(prefix[1])}].${key}` : key;
    throw new UserError(`${file}:${where}: ${name} must be a string, not ${describeValue(value)}`);
  }
}

/** A field as kubectl's unstructured objects read `kind` and `apiVersion`: its string, else ''. */
function stringField(object: Record<string, unknown>, key: string): string {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : '';
}

function listItemNodes(root: Node, itemsKey: string): unknown[] | undefined {
  const items = isMap(root) ? root.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === itemsKey)?.value : undefined;
  return isSeq(items) ? items.items : undefined;
}

function isStringScalar(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string';
}

function isMergeKey(key: unknown): key is Node & { range: [number, number, number] } {
  // Only plain `<<` merges: `"<<"` is an ordinary key, in JSON too.
  return isScalar(key) && key.type === 'PLAIN' && key.value === '<<' && key.tag === undefined && Array.isArray(key.range);
}

/** Nothing but comments, or nothing at all: helm renders such documents from templates whose conditions were false. */
function isEmpty(root: Node): boolean {
  return isScalar(root) && root.value === null && root.source === '' && root.tag === undefined && root.anchor === undefined;
}

/** Where a node starts, for a mapping its first key: block and flow mappings then read alike. */
function startOf(node: Node): number {
  if (isMap(node) && node.items.length > 0 && isNode(node.items[0].key)) return node.items[0].key.range?.[0] ?? node.range?.[0] ?? 0;
  return node.range?.[0] ?? 0;
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  // Assigning `__proto__` would set the prototype instead of adding a property.
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

function describe(node: Node): string {
  return isMap(node) ? 'a mapping' : isSeq(node) ? 'a sequence' : isAlias(node) ? 'an alias' : 'a scalar';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : typeof value;
}

/** Text from the file, as one short line. */
function quote(text: string): string {
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT - 1)}…` : text;
  return JSON.stringify(cut).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function failure(file: string, lineCounter: LineCounter, offset: number, message: string): UserError {
  const { line, col } = lineCounter.linePos(offset);
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return new UserError(`${file}:${Math.max(line, 1)}:${Math.max(col, 1)}: ${oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine}`);
}
