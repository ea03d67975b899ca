/**
 * Where `resource` and `data` blocks and their attributes are written in a `.tf` file: just enough
 * of HCL's native syntax to put a finding on its line. Strings (with `${…}` interpolation),
 * heredocs and the three comment forms are skipped, so a brace or a quote inside them never
 * misleads the count.
 * Nested blocks are numbered as Terraform's plan numbers them (`ip_configuration.1` is the second
 * such block); a `dynamic "x"` block stands for `x` (its copies are known only to Terraform).
 */

export interface TfPosition {
  line: number;
  column: number;
}

export interface TfResourceBlock extends TfPosition {
  /** `azurerm_kubernetes_cluster_node_pool.gpu`, `data.local_file.template` */
  address: string;
  /** Attribute and nested block paths (`vm_size`, `default_node_pool.0.vm_size`) and where each is written. */
  attributes: Map<string, TfPosition>;
}

const RESOURCE_OR_DATA = /^(resource|data)\s+"([^"]+)"\s+"([^"]+)"\s*\{/;
const ATTRIBUTE = /^([A-Za-z_][A-Za-z0-9_-]*)\s*=(?!=)/;
const BLOCK = /^(?:dynamic\s+"([A-Za-z_][A-Za-z0-9_-]*)"|([A-Za-z_][A-Za-z0-9_-]*))\s*(?:"[^"]*"\s*)*\{/;

export function resourceBlocks(text: string): TfResourceBlock[] {
  const blocks: TfResourceBlock[] = [];
  let depth = 0;
  let current: TfResourceBlock | undefined;
  /** Inside the resource, per depth: the path of the block open there, and how often each nested block name occurred. */
  const scopes: { path: string; dynamic: boolean; seen: Map<string, number> }[] = [];
  /** The scope the next `{` opens. */
  let opening: { path: string; dynamic: boolean } | undefined;
  let heredoc: string | undefined;
  let inComment = false;

  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      return;
    }
    const start = raw.trimStart();
    const position = { line: index + 1, column: raw.length - start.length + 1 };
    if (!inComment && current === undefined && depth === 0) {
      const match = RESOURCE_OR_DATA.exec(start);
      if (match) {
        current = { address: `${match[1] === 'data' ? 'data.' : ''}${match[2]}.${match[3]}`, ...position, attributes: new Map() };
        blocks.push(current);
        opening = { path: '', dynamic: false };
      }
    } else if (!inComment && current !== undefined && depth >= 1) {
      const scope = scopes[depth - 1];
      const attribute = ATTRIBUTE.exec(start);
      const block = attribute ? undefined : BLOCK.exec(start);
      if (scope && attribute) {
        const path = `${scope.path}${attribute[1]}`;
        if (!current.attributes.has(path)) current.attributes.set(path, position);
        // A map value (`tags = {`): its keys are the attribute's (`tags.owner`).
        opening = { path: `${path}.`, dynamic: false };
      } else if (scope && block) {
        const name = block[1] ?? block[2];
        if (scope.dynamic && name === 'content') opening = { path: scope.path, dynamic: false };
        else {
          const occurrence = scope.seen.get(name) ?? 0;
          scope.seen.set(name, occurrence + 1);
          const path = `${scope.path}${name}.${occurrence}`;
          if (!current.attributes.has(path)) current.attributes.set(path, position);
          opening = { path: `${path}.`, dynamic: block[1] !== undefined };
        }
      }
    }
    const scanned = scanBraces(raw, inComment);
    inComment = scanned.inComment;
    heredoc = scanned.heredoc;
    for (const delta of scanned.deltas) {
      if (delta > 0) {
        depth++;
        if (current !== undefined) scopes[depth - 1] = { ...(opening ?? { path: scopes[depth - 2]?.path ?? '', dynamic: false }), seen: new Map() };
        opening = undefined;
      } else {
        depth = Math.max(0, depth - 1);
        scopes.length = depth;
        if (depth === 0) current = undefined;
      }
    }
  });
  return blocks;
}

/** The `{` (+1) and `}` (-1) of a line outside strings, interpolations' strings and comments; whether it opens a heredoc or leaves a block comment open. */
function scanBraces(line: string, inComment: boolean): { deltas: number[]; inComment: boolean; heredoc?: string } {
  const deltas: number[] = [];
  let i = 0;
  let comment = inComment;
  /** Inside a string: how many `${` are open in it. */
  const strings: number[] = [];
  while (i < line.length) {
    const c = line[i];
    if (comment) {
      if (line.startsWith('*/', i)) {
        comment = false;
        i += 2;
      } else i++;
      continue;
    }
    if (strings.length > 0 && strings[strings.length - 1] === 0) {
      if (c === '\\') i += 2;
      else if (c === '"') {
        strings.pop();
        i++;
      } else if (line.startsWith('${', i) || line.startsWith('%{', i)) {
        strings[strings.length - 1]++;
        i += 2;
      } else i++;
      continue;
    }
    if (c === '#' || line.startsWith('//', i)) break;
    if (line.startsWith('/*', i)) {
      comment = true;
      i += 2;
      continue;
    }
    if (c === '"') {
      strings.push(0);
      i++;
      continue;
    }
    const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line.slice(i));
    if (heredoc) return { deltas, inComment: false, heredoc: heredoc[1] };
    if (c === '{') {
      if (strings.length > 0) strings[strings.length - 1]++;
      else deltas.push(1);
    } else if (c === '}') {
      if (strings.length > 0) strings[strings.length - 1]--;
      else deltas.push(-1);
    }
    i++;
  }
  return { deltas, inComment: comment };
}
