import { foldCase } from '../../ids.js';
import { lineAndColumnAt, readTextFile } from '../../json/read-json.js';

/**
 * Where a Bicep file declares its resources and modules, to put a finding about a compiled
 * resource on the line that declares it.
 *
 * This is not a Bicep parser: it reads tokens the way Bicep's lexer does (comments, `#disable-…`
 * pragmas, `'…'` strings with `\` escapes and `${…}` holes, `'''…'''` strings, `$'''…'''` strings
 * with `$…{…}` holes) and recognises only the statements it needs:
 *
 *     resource <name> '<type>@<apiVersion>' [existing] = …
 *     module <name> '<path>' = …
 *
 * as the first token of a line, at the top of the file, or, for a resource, directly inside
 * another resource's value, which makes it a nested (child) resource. The value may be an object,
 * `if (…) {…}` or `[for … : …]`. Anything else a file holds is skipped. Of a file that does not
 * compile, what it finds is a best effort.
 */
export interface BicepDeclaration {
  kind: 'resource' | 'module';
  symbolicName: string;
  /**
   * The name a template with symbolic names gives it (`parent::child` for a nested resource),
   * and a template without them gives a resource loop (its `copy.name`).
   */
  qualifiedName: string;
  /**
   * The full resource type: a nested resource's own type (`subnets`) after its parents'
   * (`Microsoft.Network/virtualNetworks/subnets`). A module has none (it compiles to a
   * `Microsoft.Resources/deployments`); nor does a resource whose type string is interpolated.
   */
  type?: string;
  /** As written, or the parent's for a nested resource that gives none (as Bicep does). */
  apiVersion?: string;
  /** A module's path or registry reference, as written. */
  source?: string;
  /** 1-based line and column (UTF-16 code units) of the `resource` or `module` keyword. */
  line: number;
  column: number;
  /** The qualifiedName of the resource whose body declares this one. */
  parent?: string;
  existing: boolean;
}

export function readDeclarations(file: string): BicepDeclaration[] {
  return findDeclarations(readTextFile(file, 'a Bicep file'));
}

export function findDeclarations(text: string): BicepDeclaration[] {
  const lexer = new Lexer(text);
  const lines = lineStarts(text);
  const declarations: BicepDeclaration[] = [];
  /** Resources whose value is still being read, innermost last; each may hold nested resources. */
  const open: { declaration: BicepDeclaration; depth: number }[] = [];
  /** The brackets open at this point, innermost last. */
  const brackets: string[] = [];
  let atLineStart = true;

  for (let token = lexer.next(); token.kind !== 'end'; token = lexer.next()) {
    if (token.kind === 'newline') {
      atLineStart = true;
      continue;
    }
    const startsLine = atLineStart;
    atLineStart = false;
    if (token.kind === 'punctuation') {
      if (OPENERS.has(token.text)) brackets.push(token.text);
      else if (CLOSERS.has(token.text)) {
        brackets.pop();
        // The `}` or `]` that brings a resource back to its own depth ends its value; the `)` of
        // `if (…)` does not.
        const innermost = open.at(-1);
        if (innermost && brackets.length === innermost.depth && token.text !== ')') open.pop();
      }
      continue;
    }
    if (!startsLine || token.kind !== 'identifier' || (token.text !== 'resource' && token.text !== 'module')) continue;

    const depth = brackets.length;
    // A resource left open by a value that never closed cannot hold this statement.
    while (open.length > 0 && open.at(-1)!.depth >= depth) open.pop();
    const parent = open.at(-1)?.declaration;
    // A nested resource sits directly in its parent's body (`= {` or `= if (…) {`; a resource with
    // a loop cannot have nested ones), not in an object inside it.
    if (depth > 0 && (token.text === 'module' || !parent || depth !== open.at(-1)!.depth + 1 || brackets.at(-1) !== '{')) continue;

    const header = readHeader(lexer, token.text === 'resource');
    if (!header) continue;
    const position = lineAndColumnAt(lines, token.start);
    const declaration = token.text === 'resource' ? resourceDeclaration(header, parent) : moduleDeclaration(header);
    declarations.push({ ...declaration, ...position });
    if (declaration.kind === 'resource') open.push({ declaration: declarations.at(-1)!, depth });
  }
  return declarations;
}

interface Header {
  name: string;
  /** The string's value, undefined if it has `${…}` holes. */
  target: string | undefined;
  existing: boolean;
}

/** `<name> '<string>' [existing] =` on the keyword's line; the lexer is left after `=`, or where it was. */
function readHeader(lexer: Lexer, isResource: boolean): Header | undefined {
  const mark = lexer.position;
  const name = lexer.next();
  const target = lexer.next();
  let next = lexer.next();
  const existing = isResource && next.kind === 'identifier' && next.text === 'existing';
  if (existing) next = lexer.next();
  if (name.kind === 'identifier' && target.kind === 'string' && next.kind === 'punctuation' && next.text === '=') return { name: name.text, target: target.value, existing };
  lexer.position = mark;
  return undefined;
}

type Positionless = Omit<BicepDeclaration, 'line' | 'column'>;

function resourceDeclaration(header: Header, parent: BicepDeclaration | undefined): Positionless {
  // `az:Microsoft.X/y@v` names the extension the type comes from; the template has only the type.
  const target = header.target?.replace(/^[^:@]+:/, '');
  const at = target?.indexOf('@') ?? -1;
  const ownType = at === -1 ? target : target!.slice(0, at);
  const ownVersion = at === -1 ? undefined : target!.slice(at + 1);
  const type = parent ? (parent.type !== undefined && ownType !== undefined ? `${parent.type}/${ownType}` : undefined) : ownType;
  return {
    kind: 'resource',
    symbolicName: header.name,
    qualifiedName: parent ? `${parent.qualifiedName}::${header.name}` : header.name,
    ...(type !== undefined && { type }),
    ...((ownVersion ?? parent?.apiVersion) !== undefined && { apiVersion: ownVersion ?? parent?.apiVersion }),
    ...(parent && { parent: parent.qualifiedName }),
    existing: header.existing,
  };
}

function moduleDeclaration(header: Header): Positionless {
  return { kind: 'module', symbolicName: header.name, qualifiedName: header.name, ...(header.target !== undefined && { source: header.target }), existing: false };
}

const OPENERS = new Set(['{', '[', '(']);
const CLOSERS = new Set(['}', ']', ')']);

type Token =
  | { kind: 'identifier' | 'punctuation' | 'newline' | 'other' | 'end'; text: string; start: number }
  | { kind: 'string'; text: string; start: number; value: string | undefined };

const PRAGMAS = ['#disable-next-line', '#disable-diagnostics', '#restore-diagnostics'];
/** Two-character operators that begin with a character that is a token of its own. */
const OPERATORS = new Set(['==', '!=', '<=', '>=', '=>', '=~', '!~', '&&', '||', '??', '::', '?.', '.?']);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

/** Bicep's tokens, as far as finding declarations needs: see Bicep's src/Bicep.Core/Parsing/Lexer.cs. */
class Lexer {
  position = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    this.skipTrivia();
    const { text } = this;
    const start = this.position;
    if (start >= text.length) return { kind: 'end', text: '', start };
    const char = text[start]!;
    if (char === '\n' || char === '\r') {
      while (text[this.position] === '\n' || text[this.position] === '\r') this.position++;
      return { kind: 'newline', text: '\n', start };
    }
    if (isIdentifierStart(char)) {
      let end = start + 1;
      while (end < text.length && isIdentifierPart(text[end]!)) end++;
      this.position = end;
      return { kind: 'identifier', text: text.slice(start, end), start };
    }
    if (char === "'") return this.string(start);
    if (char === '$') {
      let end = start;
      while (text[end] === '$') end++;
      if (text.startsWith("'''", end)) {
        this.position = end + 3;
        return { kind: 'string', text: '', start, value: this.multilineString(end - start) };
      }
    }
    const pair = text.slice(start, start + 2);
    if (OPERATORS.has(pair)) {
      this.position = start + 2;
      return { kind: 'punctuation', text: pair, start };
    }
    this.position = start + 1;
    return { kind: /[{}[\]()=:,.?!<>|&@]/.test(char) ? 'punctuation' : 'other', text: char, start };
  }

  /** Spaces, comments and pragmas; never a line break, which is a token of its own. */
  private skipTrivia(): void {
    const { text } = this;
    for (;;) {
      const char = text[this.position];
      if (char === ' ' || char === '\t') this.position++;
      else if (text.startsWith('//', this.position)) this.skipToLineEnd();
      else if (text.startsWith('/*', this.position)) {
        const end = text.indexOf('*/', this.position + 2);
        this.position = end === -1 ? text.length : end + 2;
      } else if (char === '#' && this.onlySpaceBefore() && PRAGMAS.some((pragma) => text.startsWith(pragma, this.position))) this.skipToLineEnd();
      else return;
    }
  }

  private skipToLineEnd(): void {
    while (this.position < this.text.length && this.text[this.position] !== '\n' && this.text[this.position] !== '\r') this.position++;
  }

  private onlySpaceBefore(): boolean {
    for (let i = this.position - 1; i >= 0; i--) {
      const char = this.text[i];
      if (char === '\n' || char === '\r') return true;
      if (char !== ' ' && char !== '\t') return false;
    }
    return true;
  }

  /** A string at `start`: `'''` begins a multi-line one, `'` a single-line one that a line break ends. */
  private string(start: number): Token {
    const { text } = this;
    if (text.startsWith("'''", start)) {
      this.position = start + 3;
      return { kind: 'string', text: '', start, value: this.multilineString(0) };
    }
    let value: string | undefined = '';
    let i = start + 1;
    while (i < text.length) {
      const char = text[i]!;
      if (char === "'") {
        i++;
        break;
      }
      if (char === '\n' || char === '\r') break;
      if (char === '\\') {
        const escaped = text[i + 1];
        const unicode = escaped === 'u' ? /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(i, i + 10)) : null;
        if (unicode) {
          value = value === undefined ? undefined : value + String.fromCodePoint(Math.min(Number.parseInt(unicode[1]!, 16), 0x10ffff));
          i += unicode[0].length;
        } else {
          value = value === undefined || escaped === undefined ? value : value + (ESCAPES[escaped] ?? escaped);
          i += 2;
        }
        continue;
      }
      if (char === '$' && text[i + 1] === '{') {
        value = undefined;
        i = this.skipHole(i + 2, true);
        continue;
      }
      if (value !== undefined) value += char;
      i++;
    }
    this.position = Math.min(i, text.length);
    return { kind: 'string', text: text.slice(start, this.position), start, value };
  }

  /**
   * The rest of a multi-line string, the lexer just after its opening quotes. With `dollars` > 0
   * (`$'''`, `$$'''`) that many `$` then `{` open a hole. Three or more quotes in a row end it.
   * Its value drops a line break right after the opening quotes, as Bicep does.
   */
  private multilineString(dollars: number): string | undefined {
    const { text } = this;
    const contentStart = this.position;
    let holes = false;
    let i = this.position;
    while (i < text.length) {
      if (text[i] === "'") {
        let quotes = 0;
        while (text[i + quotes] === "'") quotes++;
        if (quotes >= 3) {
          this.position = i + quotes;
          if (holes) return undefined;
          const content = text.slice(contentStart, i + quotes - 3);
          return content.replace(/^\r?\n/, '');
        }
        i += quotes;
        continue;
      }
      if (dollars > 0 && text[i] === '$') {
        let run = 0;
        while (text[i + run] === '$') run++;
        if (run >= dollars && text[i + run] === '{') {
          holes = true;
          i = this.skipHole(i + run + 1, false);
        } else i += run;
        continue;
      }
      i++;
    }
    this.position = text.length;
    return undefined;
  }

  /**
   * The expression in a `${…}` hole, which may hold objects, strings with holes of their own and
   * comments; returns the position after its `}`. A line break ends a single-line string's hole
   * (and the string) as it does in Bicep.
   */
  private skipHole(from: number, singleLine: boolean): number {
    const saved = this.position;
    this.position = from;
    let braces = 0;
    for (;;) {
      const token = this.next();
      if (token.kind === 'end') break;
      if (token.kind === 'newline' && singleLine) {
        this.position = token.start;
        break;
      }
      if (token.text === '{') braces++;
      else if (token.text === '}') {
        if (braces === 0) break;
        braces--;
      }
    }
    const end = this.position;
    this.position = saved;
    return end;
  }
}

function isIdentifierStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function isIdentifierPart(char: string): boolean {
  return isIdentifierStart(char) || (char >= '0' && char <= '9');
}

/** Where each line starts: after LF, CR LF, or a lone CR (as Bicep counts lines). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}


/**
 * A compiled resource matched to the declaration it came from. `pointer` is the resource in the
 * compiled template: `/resources/<symbolic name>` or `/resources/<index>`.
 */
export interface DeclarationMatch {
  pointer: string;
  declaration: BicepDeclaration;
  by: 'symbolic-name' | 'copy-name' | 'type-order';
}

const DEPLOYMENTS = 'Microsoft.Resources/deployments';

/** Whether a template says Bicep wrote it (`metadata._generator.name` is "bicep"). */
export function compiledByBicep(template: unknown): boolean {
  const generator = record(record(record(template)?.metadata)?._generator);
  return generator?.name === 'bicep';
}

/**
 * Matches the resources of a template compiled from a Bicep file to that file's declarations
 * (from findDeclarations). Only the template's own resources: a module's resources are in its
 * deployment's `properties.template`, and match the declarations of the module's file.
 *
 * - With symbolic names (`languageVersion` 2.0 and later; a `resources` object): each key is a
 *   declaration's qualifiedName (`parent::child` when nested). Existing resources are there too,
 *   with `"existing": true`, unless Bicep inlined them.
 * - Without (a `resources` array): nothing names the declaration, but the order does. Bicep
 *   writes a file's resources in a fixed order (see bicep-version.ts for where): first the nested
 *   resources, for each top-level resource in turn, each one's children after its grandchildren;
 *   then the top-level resources; then the modules, each a Microsoft.Resources/deployments; and
 *   leaves the `existing` ones out. So the n-th compiled resource of a type is the n-th
 *   declaration of that full type in that order (a resource's name expression is no help: it is
 *   rewritten, `format('{0}/{1}', …)` for a child). A loop's `copy.name` is its qualifiedName,
 *   which settles loops first. A type whose compiled and declared counts differ (a type string
 *   with `${…}`, a file that changed since it was compiled) is left unmatched rather than guessed.
 *
 * A template another tool wrote (`metadata._generator.name` other than "bicep") matches nothing.
 */
export function matchDeclarations(compiled: unknown, declarations: readonly BicepDeclaration[]): DeclarationMatch[] {
  const template = record(compiled);
  const generator = record(record(template?.metadata)?._generator)?.name;
  if (generator !== undefined && generator !== 'bicep') return [];
  const resources = template?.resources;
  if (Array.isArray(resources)) return byTypeOrder(resources, declarations);
  const keyed = record(resources);
  return keyed ? bySymbolicName(keyed, declarations) : [];
}

function bySymbolicName(resources: Record<string, unknown>, declarations: readonly BicepDeclaration[]): DeclarationMatch[] {
  const byName = new Map(declarations.map((declaration) => [declaration.qualifiedName, declaration]));
  const matches: DeclarationMatch[] = [];
  for (const [key, resource] of Object.entries(resources)) {
    const declaration = byName.get(key);
    if (declaration && typeAgrees(resource, declaration)) matches.push({ pointer: `/resources/${pointerSegment(key)}`, declaration, by: 'symbolic-name' });
  }
  return matches;
}

function byTypeOrder(resources: readonly unknown[], declarations: readonly BicepDeclaration[]): DeclarationMatch[] {
  const matched = new Map<number, DeclarationMatch>();
  let remaining = emissionOrder(declarations);

  resources.forEach((resource, index) => {
    const copyName = record(record(resource)?.copy)?.name;
    if (typeof copyName !== 'string') return;
    const declaration = remaining.find((candidate) => candidate.qualifiedName === copyName && typeAgrees(resource, candidate));
    if (!declaration) return;
    matched.set(index, { pointer: `/resources/${index}`, declaration, by: 'copy-name' });
    remaining = remaining.filter((candidate) => candidate !== declaration);
  });

  const compiledByType = new Map<string, number[]>();
  resources.forEach((resource, index) => {
    const type = record(resource)?.type;
    if (matched.has(index) || typeof type !== 'string') return;
    const key = foldCase(type);
    compiledByType.set(key, [...(compiledByType.get(key) ?? []), index]);
  });
  const declaredByType = new Map<string, BicepDeclaration[]>();
  for (const declaration of remaining) {
    const type = compiledType(declaration);
    if (type === undefined) continue;
    const key = foldCase(type);
    declaredByType.set(key, [...(declaredByType.get(key) ?? []), declaration]);
  }
  for (const [type, indexes] of compiledByType) {
    const declared = declaredByType.get(type) ?? [];
    if (declared.length !== indexes.length) continue;
    indexes.forEach((index, n) => matched.set(index, { pointer: `/resources/${index}`, declaration: declared[n]!, by: 'type-order' }));
  }
  return [...matched.entries()].sort(([a], [b]) => a - b).map(([, match]) => match);
}

/** The declarations a template without symbolic names holds, in the order Bicep writes them. */
function emissionOrder(declarations: readonly BicepDeclaration[]): BicepDeclaration[] {
  const children = new Map<string, BicepDeclaration[]>();
  for (const declaration of declarations) {
    if (declaration.parent !== undefined) children.set(declaration.parent, [...(children.get(declaration.parent) ?? []), declaration]);
  }
  const nested = (declaration: BicepDeclaration): BicepDeclaration[] => {
    const own = children.get(declaration.qualifiedName) ?? [];
    return [...own.flatMap(nested), ...own];
  };
  const topResources = declarations.filter((declaration) => declaration.kind === 'resource' && declaration.parent === undefined);
  const modules = declarations.filter((declaration) => declaration.kind === 'module');
  return [...topResources.flatMap(nested), ...topResources, ...modules].filter((declaration) => !declaration.existing);
}

function compiledType(declaration: BicepDeclaration): string | undefined {
  return declaration.kind === 'module' ? DEPLOYMENTS : declaration.type;
}

function typeAgrees(resource: unknown, declaration: BicepDeclaration): boolean {
  const compiled = record(resource)?.type;
  const declared = compiledType(declaration);
  return typeof compiled !== 'string' || declared === undefined || foldCase(compiled) === foldCase(declared);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
