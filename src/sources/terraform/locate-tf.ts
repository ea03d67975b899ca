/**
 * Puts a plan's resources on the `.tf` lines that declare them: the root module's files in the
 * plan's folder (or the folder given), a module's in its source folder (a local path from the
 * plan's `module_calls`, or where `terraform init` put a registry module, as
 * `.terraform/modules/modules.json` says). A resource whose block is not found keeps its place in
 * the plan file. A resource that an ARM template deployment (azurerm's, or an azapi_resource's)
 * deploys goes on the template's own lines when they are found (TemplateSources), else on the
 * block's template attribute.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { EstateResource, JsonPath } from '../../estate.js';
import { locateJsonPaths } from '../../json/json-offsets.js';
import { isRecord } from '../../json/is-record.js';
import { repositoryRoot } from '../inputs/repository-root.js';
import { sameJson } from '../same-json.js';
import { resourceBlocks, type TfResourceBlock } from './tf-blocks.js';

export interface TfLocation {
  /** The folder of the root module's .tf files (default: the plan file's folder). */
  root: string;
}

export function tfLocator(planFile: string, configuration: Record<string, unknown>, location: TfLocation): (resource: EstateResource) => EstateResource {
  // Module sources come from the plan, which comes with the pull request: never read outside the
  // repository (or, outside one, the root module's folder).
  const boundary = repositoryRoot(planFile) ?? location.root;
  const inside = (folder: string) => {
    const path = relative(boundary, resolve(folder));
    return !path.startsWith('..') && !isAbsolute(path);
  };
  const installed = installedModules(location.root);
  const folders = new Map<string, string>([['', location.root]]);
  const walk = (module: unknown, key: string, folder: string) => {
    if (!isRecord(module) || !isRecord(module.module_calls)) return;
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (!isRecord(call)) continue;
      const childKey = key === '' ? name : `${key}.${name}`;
      const source = typeof call.source === 'string' ? call.source : '';
      // Where terraform init says the module is wins: a local source inside a registry module sits in a folder of its own there.
      const childFolder = installed.get(childKey) ?? (source.startsWith('./') || source.startsWith('../') ? join(folder, source) : undefined);
      if (childFolder === undefined || !inside(childFolder)) continue;
      folders.set(childKey, childFolder);
      walk(call.module, childKey, childFolder);
    }
  };
  walk(configuration.root_module, '', location.root);

  const blocksIn = (key: string) => {
    const folder = folders.get(key);
    const found: ModuleBlocks = new Map();
    if (folder === undefined || !inside(folder) || !existsSync(folder)) return found;
    for (const entry of readdirSync(folder).filter((name) => name.endsWith('.tf')).sort()) {
      const file = join(folder, entry);
      const text = readFileSync(file, 'utf8');
      const lines = text.split(/\r\n|\r|\n/);
      for (const block of resourceBlocks(text)) if (!found.has(block.address)) found.set(block.address, { file, block, lines });
    }
    return found;
  };
  const byModule = new Map<string, ModuleBlocks>();
  const templates = new TemplateSources();

  return (resource) => {
    const address = resource.origin.declared?.as;
    if (address === undefined) return resource;
    const { moduleKey, configAddress } = splitAddress(address);
    const module = /^(module\..*?)\.(?!module\.)[a-z][a-z0-9_]*\.[^.]+$/.exec(address.replace(/\[[^\]]*\]/g, ''))?.[1];
    let inModule = byModule.get(moduleKey);
    if (!inModule) byModule.set(moduleKey, (inModule = blocksIn(moduleKey)));
    const found = inModule.get(configAddress);
    const declared = { ...resource.origin.declared!, key: `terraform:${address}`, ...(module !== undefined ? { module } : {}) };
    if (!found) return { ...resource, origin: { ...resource.origin, declared } };
    const { deployedFrom, ...own } = declared;
    if (deployedFrom) {
      // Where the template declares it, as a scan of the template would put it; still known by the deployment's address.
      const { copy, propertyCopies, renamed } = deployedFrom.origin.declared ?? {};
      const inTemplate = { ...own, ...(copy ? { copy } : {}), ...(propertyCopies ? { propertyCopies } : {}), ...(renamed ? { renamed } : {}) };
      const source = templates.sourceOf(found, deployedFrom.attribute, deployedFrom.template, { module: folders.get(moduleKey)!, root: location.root, blocks: inModule, boundary });
      if (typeof source === 'string') return { ...resource, origin: { file: source, path: deployedFrom.origin.path, declared: inTemplate } };
      const written = source && templates.linesOf(source, deployedFrom.origin.path);
      if (written) return { ...resource, origin: { file: found.file, path: deployedFrom.origin.path, declared: { ...inTemplate, ...written } } };
    }
    // The block's attributes are the change's `after`; a resource declared within one of them (what
    // template_content deploys) is put on that attribute's line, not on an attribute of its own name.
    const after = resource.origin.path.indexOf('after');
    const base = after < 0 ? resource.origin.path : resource.origin.path.slice(0, after + 1);
    const lines = [...found.block.attributes].map(([path, position]) => ({ path: [...base, ...attributePath(path)], line: position.line, column: position.column }));
    return {
      ...resource,
      origin: { ...resource.origin, file: found.file, declared: { ...declared, line: found.block.line, column: found.block.column, lines } },
    };
  };
}

interface WrittenBlock {
  file: string;
  block: TfResourceBlock;
  /** The lines of its file. */
  lines: string[];
}

type ModuleBlocks = Map<string, WrittenBlock>;

/** A template attribute written on this many lines at most: `jsondecode(\n  file("…")\n)`. */
const MAX_EXPRESSION_LINES = 20;

/**
 * What an attribute is set to, as written: from after its `=`, on as many lines as its parentheses
 * stay open, comments left out. Undefined when they never close (within MAX_EXPRESSION_LINES).
 */
function expressionOf(entry: WrittenBlock, name: string): string | undefined {
  const position = entry.block.attributes.get(name);
  if (!position) return undefined;
  const parts: string[] = [];
  let depth = 0;
  for (let index = position.line - 1; index < entry.lines.length && parts.length < MAX_EXPRESSION_LINES; index++) {
    const line = entry.lines[index];
    const code = codeOf(index === position.line - 1 ? line.slice(line.indexOf('=') + 1) : line, depth);
    parts.push(code.text);
    depth = code.depth;
    if (depth <= 0) return parts.join(' ').trim();
  }
  return undefined;
}

/**
 * A line's code before any `#` or `//` comment, and how many parentheses are open after it. Strings
 * are passed over (an interpolation in one is not looked into: the paths read here hold none but
 * `${path.module}` and `${path.root}`).
 */
function codeOf(line: string, depth: number): { text: string; depth: number } {
  let open = depth;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      return { text: line.slice(0, i), depth: open };
    } else if (c === '(') {
      open++;
    } else if (c === ')') {
      open--;
    }
  }
  return { text: line, depth: open };
}

/** A path as `file()` or `local_file` take it: a literal, alone (from where terraform runs: the root module) or after `${path.module}/` or `${path.root}/`. */
const LITERAL_PATH = '"(?:\\$\\{path\\.(module|root)\\}/)?([^"$%\\\\]+)"';
const FILE_CALL = new RegExp(`^file\\(\\s*${LITERAL_PATH}\\s*\\)$`);
const LOCAL_FILE_CONTENT = /^data\.local_file\.([A-Za-z_][A-Za-z0-9_-]*)\.content$/;
const STRING = new RegExp(`^${LITERAL_PATH}$`);
/** azapi's body holds the template as a value: what `jsondecode()` made of the file. */
const JSON_DECODE = /^jsondecode\(([\s\S]*)\)$/;

type Template = string | Record<string, unknown>;

/**
 * The file a deployment block reads its template from: its template attribute written
 * `file("…")`, or `data.local_file.NAME.content` with that block's `filename` (for azapi, either
 * inside `jsondecode()`), the path a literal (see LITERAL_PATH) inside the repository, and the file
 * holding exactly the template the plan deploys, so that it is what Terraform read: for the azurerm
 * provider the same text, for azapi the same JSON value (the plan writes an object's keys in an
 * order of its own). Anything else (`templatefile()`, a heredoc, a file changed since the plan)
 * leaves findings on the attribute's line.
 */
function readFrom(found: WrittenBlock, attribute: string, template: Template, where: { module: string; root: string; blocks: ModuleBlocks; boundary: string }): string | undefined {
  const written = expressionOf(found, attribute);
  const expression = typeof template === 'string' ? written : JSON_DECODE.exec(written ?? '')?.[1].trim();
  if (expression === undefined) return undefined;
  let path = FILE_CALL.exec(expression);
  const localFile = LOCAL_FILE_CONTENT.exec(expression);
  if (localFile) {
    const data = where.blocks.get(`data.local_file.${localFile[1]}`);
    const filename = data && expressionOf(data, 'filename');
    path = filename === undefined ? null : STRING.exec(filename);
  }
  if (!path || isAbsolute(path[2])) return undefined;
  const file = join(path[1] === 'module' ? where.module : where.root, path[2]);
  try {
    // The path comes with the pull request: a link out of the repository is not followed, and any
    // other file is compared by size before it is read.
    const real = realpathSync(file);
    const stats = statSync(real);
    const within = relative(realpathSync(where.boundary), real);
    if (within.startsWith('..') || isAbsolute(within) || !stats.isFile()) return undefined;
    if (typeof template === 'string') return stats.size === Buffer.byteLength(template, 'utf8') && readFileSync(real, 'utf8') === template ? file : undefined;
    // Indentation and escapes aside, a JSON file is not much longer than its value written compactly.
    if (stats.size > 8 * Buffer.byteLength(JSON.stringify(template), 'utf8') + 4096) return undefined;
    return sameJson(JSON.parse(readFileSync(real, 'utf8')), template) ? file : undefined;
  } catch {
    return undefined; // no such file, unreadable, not JSON: the attribute's line it is
  }
}

/** `module.aks["x"].azurerm_x.y[0]` → module key `aks`, configuration address `azurerm_x.y`. */
function splitAddress(address: string): { moduleKey: string; configAddress: string } {
  const plain = address.replace(/\[[^\]]*\]/g, '');
  const modules: string[] = [];
  let rest = plain;
  for (let match = /^module\.([^.]+)\./.exec(rest); match; match = /^module\.([^.]+)\./.exec(rest)) {
    modules.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  return { moduleKey: modules.join('.'), configAddress: rest };
}

function attributePath(dotted: string): JsonPath {
  return dotted.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Registry modules `terraform init` installed: `.terraform/modules/modules.json`, by module key (`aks`, `aks.node`). */
function installedModules(root: string): Map<string, string> {
  const file = join(root, '.terraform', 'modules', 'modules.json');
  const folders = new Map<string, string>();
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const modules = isRecord(manifest) && Array.isArray(manifest.Modules) ? manifest.Modules : [];
    for (const module of modules) if (isRecord(module) && typeof module.Key === 'string' && typeof module.Dir === 'string') folders.set(module.Key, join(root, module.Dir));
  } catch {
    // No modules installed here (terraform init ran elsewhere): local modules are still found.
  }
  return folders;
}

/** A template attribute written as a heredoc: the JSON between its markers (from the line after the attribute's), read. */
interface Heredoc {
  document: unknown;
  /** Where its values are written in the `.tf` file (heredocPositions), by JSON.stringify of their path. */
  positions: Map<string, Position>;
}

/**
 * Values of a declaration located at most this many, and this deep below it: enough for any
 * resource a person writes, and a bound on the walk (a value deeper down is put on its nearest
 * located parent's line).
 */
const MAX_LOCATED_VALUES = 20_000;
const MAX_LOCATED_DEPTH = 64;
/**
 * A heredoc's values located at most this many, shallowest first (every declaration before the
 * values inside it), and at most this deep: a declaration nested MAX_LOCATED_DEPTH deep still has
 * its own values so deep below it.
 */
const MAX_HEREDOC_VALUES = 200_000;
const MAX_HEREDOC_DEPTH = 2 * MAX_LOCATED_DEPTH;

type Position = { line: number; column: number };
const HEREDOC = /^<<-?([A-Za-z_][A-Za-z0-9_]*)$/;

type DeclarationLines = { line: number; column: number; lines: { path: JsonPath; line: number; column: number }[] } | undefined;

/**
 * Where each deployment block's template is written, found once per block however many resources
 * its copy loops make: the file it reads (readFrom), or a heredoc in the `.tf` file itself
 * (`template_content = <<TEMPLATE … TEMPLATE`) that Terraform rendered into what the plan deploys
 * (rendersAs). A resource a heredoc declares is put on the lines of its declaration and of each of
 * its values there, as a `.tf` resource is on its attributes'.
 */
class TemplateSources {
  /** By block, attribute and deployed template: the instances of a block with `count` or `for_each` may deploy different ones. */
  private readonly sources = new Map<WrittenBlock, Map<string, Map<Template, string | Heredoc | undefined>>>();
  private readonly declarations = new Map<Heredoc, Map<string, DeclarationLines>>();

  sourceOf(found: WrittenBlock, attribute: string, template: Template, where: Parameters<typeof readFrom>[3]): string | Heredoc | undefined {
    let byAttribute = this.sources.get(found);
    if (!byAttribute) this.sources.set(found, (byAttribute = new Map()));
    let byTemplate = byAttribute.get(attribute);
    if (!byTemplate) byAttribute.set(attribute, (byTemplate = new Map()));
    // A text by its value; azapi's value by identity: every resource of one deployment shares it.
    if (!byTemplate.has(template)) byTemplate.set(template, readFrom(found, attribute, template, where) ?? (typeof template === 'string' ? heredocOf(found, attribute, template) : undefined));
    return byTemplate.get(template);
  }

  linesOf(heredoc: Heredoc, declaration: JsonPath): DeclarationLines {
    let located = this.declarations.get(heredoc);
    if (!located) this.declarations.set(heredoc, (located = new Map()));
    const key = JSON.stringify(declaration);
    if (!located.has(key)) located.set(key, declarationLines(heredoc, declaration));
    return located.get(key);
  }
}

function heredocOf(found: WrittenBlock, attribute: string, template: string): Heredoc | undefined {
  const position = found.block.attributes.get(attribute);
  const marker = HEREDOC.exec(expressionOf(found, attribute) ?? '')?.[1];
  if (!position || marker === undefined) return undefined;
  const body: string[] = [];
  for (let index = position.line; ; index++) {
    if (index >= found.lines.length) return undefined;
    if (found.lines[index].trim() === marker) break;
    body.push(found.lines[index]);
  }
  const text = body.join('\n');
  try {
    const document = JSON.parse(text) as unknown;
    if (!rendersAs(document, JSON.parse(template))) return undefined;
    // Located once for all its declarations: once per declaration made a heredoc of thousands of them quadratic.
    return { document, positions: heredocPositions(Buffer.from(text, 'utf8'), position.line + 1, document) };
  } catch {
    return undefined; // not JSON as written (an interpolation outside a string), or nested too deep to compare
  }
}

const RENDERED = /[$%]\{/;

/**
 * Whether a heredoc, read as JSON, is what Terraform made of it: the same keys in the same order,
 * the same arrays and the same values, but for strings that hold `${…}` or `%{…}`, which Terraform
 * renders into other strings. Its lines are then the deployed template's, value for value.
 */
function rendersAs(written: unknown, deployed: unknown): boolean {
  if (typeof written === 'string' && RENDERED.test(written)) return typeof deployed === 'string';
  if (Array.isArray(written)) return Array.isArray(deployed) && written.length === deployed.length && written.every((entry, i) => rendersAs(entry, deployed[i]));
  if (isRecord(written)) {
    if (!isRecord(deployed)) return false;
    const keys = Object.keys(written);
    const deployedKeys = Object.keys(deployed);
    return keys.length === deployedKeys.length && keys.every((key, i) => key === deployedKeys[i] && rendersAs(written[key], deployed[key]));
  }
  return written === deployed;
}

/** Where the values of a heredoc's document are written, in the `.tf` file's lines, by JSON.stringify of their path. */
function heredocPositions(text: Buffer, firstLine: number, document: unknown): Map<string, Position> {
  const queue: { value: unknown; path: JsonPath }[] = [{ value: document, path: [] }];
  for (let next = 0; next < queue.length; next++) {
    const { value, path } = queue[next];
    if (path.length >= MAX_HEREDOC_DEPTH) continue;
    for (const [step, child] of childrenOf(value)) {
      if (queue.length >= MAX_HEREDOC_VALUES) break;
      queue.push({ value: child, path: [...path, step] });
    }
  }
  const paths = queue.map((entry) => entry.path);
  const spans = locateJsonPaths(text, paths, { offset: 0, line: firstLine, column: 1 });
  const positions = new Map<string, Position>();
  // A path the walk does not find comes back shorter (none should: the text was parsed): only exact answers are lines.
  spans.forEach((span, i) => {
    if (span.path.length === paths[i].length) positions.set(JSON.stringify(paths[i]), { line: span.start.line, column: span.start.column });
  });
  return positions;
}

/** Where a declaration and each value in it are written, in the `.tf` file's lines. */
function declarationLines(heredoc: Heredoc, declaration: JsonPath): DeclarationLines {
  const { positions } = heredoc;
  const own = positions.get(JSON.stringify(declaration));
  if (!own) return undefined;
  const lines: { path: JsonPath; line: number; column: number }[] = [];
  const stack: { value: unknown; path: JsonPath }[] = [{ value: valueAt(heredoc.document, declaration), path: declaration }];
  let visited = 1;
  while (stack.length > 0 && visited < MAX_LOCATED_VALUES) {
    const { value, path } = stack.pop()!;
    if (path.length - declaration.length >= MAX_LOCATED_DEPTH) continue;
    for (const [step, child] of childrenOf(value)) {
      if (visited >= MAX_LOCATED_VALUES) break;
      visited++;
      const childPath = [...path, step];
      const position = positions.get(JSON.stringify(childPath));
      if (position) lines.push({ path: childPath, ...position });
      stack.push({ value: child, path: childPath });
    }
  }
  return { ...own, lines };
}

/** The entries of an array or object one at a time: a walk that stops at its bound does not copy a huge array first. */
function* childrenOf(value: unknown): Generator<[string | number, unknown]> {
  if (Array.isArray(value)) for (let index = 0; index < value.length; index++) yield [index, value[index]];
  else if (isRecord(value)) for (const key of Object.keys(value)) yield [key, value[key]];
}

function valueAt(document: unknown, path: JsonPath): unknown {
  let value = document;
  for (const step of path) value = Array.isArray(value) || isRecord(value) ? (Object.hasOwn(value, step) ? (value as Record<string | number, unknown>)[step] : undefined) : undefined;
  return value;
}
