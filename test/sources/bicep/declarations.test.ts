import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledByBicep, findDeclarations, matchDeclarations, readDeclarations, type BicepDeclaration } from '../../../src/sources/bicep/declarations.js';

const FIXTURES = join('test', 'fixtures', 'bicep');
const fixture = (...path: string[]) => join(FIXTURES, ...path);
const linesOf = (file: string) => readFileSync(file, 'utf8').split(/\r\n|\n/);
const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

/** The 1-based line of the only line of `file` that starts with `prefix` (after indentation). */
function lineStarting(file: string, prefix: string): { line: number; column: number; text: string } {
  const lines = linesOf(file);
  const found = lines.flatMap((text, index) => (text.trimStart().startsWith(prefix) ? [{ line: index + 1, column: text.length - text.trimStart().length + 1, text }] : []));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Every `resource`/`module` statement of a file whose statements each start a line, read with a plain regular expression. */
function statementLines(file: string): { line: number; name: string }[] {
  return linesOf(file).flatMap((text, index) => {
    const match = /^\s*(?:resource|module) (\w+) '/.exec(text);
    return match ? [{ line: index + 1, name: match[1]! }] : [];
  });
}

const named = (declarations: BicepDeclaration[], name: string) => {
  const found = declarations.filter((declaration) => declaration.qualifiedName === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('declarations in real Azure Verified Modules', () => {
  const cluster = fixture('managed-cluster', 'main.bicep');
  const workspace = fixture('ml-workspace', 'main.bicep');

  it('finds every resource and module statement of the managed cluster, on its own line', () => {
    const declarations = readDeclarations(cluster);
    expect(declarations.map(({ line, symbolicName }) => ({ line, name: symbolicName }))).toEqual(statementLines(cluster));
  });

  it('puts the managed cluster on the line that declares it, with its type and API version', () => {
    const declared = lineStarting(cluster, "resource managedCluster 'Microsoft.ContainerService/managedClusters@");
    const apiVersion = /@([^']+)'/.exec(declared.text)![1];
    expect(named(readDeclarations(cluster), 'managedCluster')).toEqual({
      kind: 'resource',
      symbolicName: 'managedCluster',
      qualifiedName: 'managedCluster',
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion,
      line: declared.line,
      column: declared.column,
      existing: false,
    });
  });

  it('reads modules whose loop starts on the next line, and existing resources with a condition', () => {
    const declarations = readDeclarations(cluster);
    const agentPools = named(declarations, 'managedCluster_agentPools');
    expect(agentPools).toMatchObject({ kind: 'module', source: 'agent-pool/main.bicep', line: lineStarting(cluster, 'module managedCluster_agentPools ').line });
    expect(agentPools.type).toBeUndefined();
    expect(named(declarations, 'dnsZone')).toMatchObject({ existing: true, type: 'Microsoft.Network/dnsZones', line: lineStarting(cluster, 'resource dnsZone ').line });
    expect(named(declarations, 'managedCluster_lock').existing).toBe(false);
  });

  it('finds a child resource nested in its existing parent, with the parent chain and the full type', () => {
    const declarations = readDeclarations(workspace);
    const key = lineStarting(workspace, "resource cMKKey 'keys@");
    expect(named(declarations, 'cMKKeyVault::cMKKey')).toEqual({
      kind: 'resource',
      symbolicName: 'cMKKey',
      qualifiedName: 'cMKKeyVault::cMKKey',
      type: 'Microsoft.KeyVault/vaults/keys',
      apiVersion: /@([^']+)'/.exec(key.text)![1],
      line: key.line,
      column: key.column,
      parent: 'cMKKeyVault',
      existing: true,
    });
    expect(key.column).toBeGreaterThan(1);
    expect(declarations.map(({ line, symbolicName }) => ({ line, name: symbolicName }))).toEqual(statementLines(workspace));
  });
});

describe('matching compiled resources to their declarations', () => {
  it('with symbolic names (languageVersion 2.0): every resource of the managed cluster template, the cluster on its line', () => {
    const template = json(fixture('managed-cluster', 'main.json'));
    expect(template.languageVersion).toBe('2.0');
    expect(compiledByBicep(template)).toBe(true);
    const declarations = readDeclarations(fixture('managed-cluster', 'main.bicep'));
    const matches = matchDeclarations(template, declarations);
    expect(matches.map((match) => match.pointer).sort()).toEqual(Object.keys(template.resources).map((key) => `/resources/${key}`).sort());
    expect(matches.every((match) => match.by === 'symbolic-name')).toBe(true);
    for (const match of matches) {
      const compiled = template.resources[match.pointer.slice('/resources/'.length)];
      expect(compiled.type.toLowerCase()).toBe((match.declaration.type ?? 'Microsoft.Resources/deployments').toLowerCase());
      expect(Boolean(compiled.existing)).toBe(match.declaration.existing);
    }
    const cluster = matches.find((match) => match.pointer === '/resources/managedCluster')!;
    expect(cluster.declaration.line).toBe(lineStarting(fixture('managed-cluster', 'main.bicep'), 'resource managedCluster ').line);
  });

  it('with symbolic names: the nested key parent::child of the workspace template', () => {
    const template = json(fixture('ml-workspace', 'main.json'));
    const matches = matchDeclarations(template, readDeclarations(fixture('ml-workspace', 'main.bicep')));
    expect(matches).toHaveLength(Object.keys(template.resources).length);
    expect(matches.find((match) => match.pointer === '/resources/cMKKeyVault::cMKKey')?.declaration.symbolicName).toBe('cMKKey');
  });

  it('without symbolic names: by type and order, leaving out the existing resources Bicep does not write', () => {
    const template = json(fixture('apim-api', 'main.json'));
    expect(Array.isArray(template.resources)).toBe(true);
    const declarations = readDeclarations(fixture('apim-api', 'main.bicep'));
    const matches = matchDeclarations(template, declarations);
    expect(matches.map((match) => match.pointer)).toEqual(template.resources.map((_: unknown, index: number) => `/resources/${index}`));
    for (const match of matches) {
      const compiled = template.resources[Number(match.pointer.slice('/resources/'.length))];
      expect(match.by).toBe('type-order');
      expect(compiled.type).toBe(match.declaration.type);
      expect(match.declaration.existing).toBe(false);
    }
    // The one resource whose name expression is not a parameter says which declaration it is.
    const config = matches.find((match) => match.declaration.symbolicName === 'apiAppProperties')!;
    expect(template.resources[Number(config.pointer.slice('/resources/'.length))].name).toContain("variables('appNameForBicep')");
  });

  describe("the Bicep compiler's own nested resources sample, compiled both ways", () => {
    const declarations = readDeclarations(fixture('nested-resources', 'main.bicep'));
    const classic = json(fixture('nested-resources', 'main.json'));
    const symbolic = json(fixture('nested-resources', 'main.symbolicnames.json'));

    it('finds each nested resource with its parent chain and combined type', () => {
      expect(named(declarations, 'basicParent::basicChild::basicGrandchild')).toMatchObject({
        parent: 'basicParent::basicChild',
        type: 'My.Rp/parentType/childType/grandchildType',
        apiVersion: '2020-12-01',
      });
      expect(named(declarations, 'existingParent::existingChild')).toMatchObject({ existing: true, parent: 'existingParent' });
      expect(named(declarations, 'existingParent::existingChild::existingGrandchild').existing).toBe(false);
    });

    it('matches every symbolic name', () => {
      const matches = matchDeclarations(symbolic, declarations);
      expect(matches.map((match) => match.declaration.qualifiedName)).toEqual(Object.keys(symbolic.resources));
    });

    it('without symbolic names, matches each resource to the declaration its name was built from, children before parents', () => {
      const matches = matchDeclarations(classic, declarations);
      expect(matches).toHaveLength(classic.resources.length);
      for (const match of matches) {
        const compiled = classic.resources[Number(match.pointer.slice('/resources/'.length))];
        // The sample names each resource after its symbolic name: `format('{0}/{1}', 'parent', 'child')`.
        const literals = [...String(compiled.name).matchAll(/'(\w+)'/g)].map((literal) => literal[1]);
        expect(literals.length > 0 ? literals.join('::') : compiled.name).toBe(match.declaration.qualifiedName);
        expect(compiled.type).toBe(match.declaration.type);
      }
      expect(matches.find((match) => match.declaration.symbolicName === 'loopChild')?.by).toBe('copy-name');
      // The same declarations in the same order as the symbolic-name template, less the existing ones.
      expect(matches.map((match) => match.declaration.qualifiedName)).toEqual(Object.entries(symbolic.resources).flatMap(([key, resource]: [string, any]) => (resource.existing ? [] : [key])));
    });
  });

  it('leaves a type unmatched when the template has more resources of it than the file declares', () => {
    const declarations = findDeclarations("resource a 'A.B/c@1' = {\n}\nresource d 'A.B/d@1' = {\n}\n");
    const template = { resources: [{ type: 'A.B/c' }, { type: 'A.B/c' }, { type: 'A.B/d' }] };
    expect(matchDeclarations(template, declarations).map(({ pointer, declaration }) => [pointer, declaration.symbolicName])).toEqual([['/resources/2', 'd']]);
  });

  it('matches modules as deployments, after every resource of that type', () => {
    const declarations = findDeclarations("module m './m.bicep' = {\n}\nresource t 'Microsoft.Resources/deployments@2024-03-01' = {\n}\n");
    const template = { resources: [{ type: 'Microsoft.Resources/deployments' }, { type: 'Microsoft.Resources/deployments' }] };
    expect(matchDeclarations(template, declarations).map(({ declaration }) => declaration.symbolicName)).toEqual(['t', 'm']);
  });

  it('matches nothing in a template another tool wrote, or one without resources', () => {
    const declarations = findDeclarations("resource a 'A.B/c@1' = {\n}\n");
    expect(matchDeclarations({ metadata: { _generator: { name: 'terraform' } }, resources: [{ type: 'A.B/c' }] }, declarations)).toEqual([]);
    expect(compiledByBicep({ metadata: { _generator: { name: 'terraform' } } })).toBe(false);
    expect(matchDeclarations({}, declarations)).toEqual([]);
    expect(matchDeclarations('not a template', declarations)).toEqual([]);
  });
});

describe('reading Bicep text', () => {
  const names = (text: string) => findDeclarations(text).map((declaration) => declaration.qualifiedName);
  const at = (text: string) => findDeclarations(text).map(({ qualifiedName, line, column }) => `${qualifiedName}@${line}:${column}`);

  it('skips comments, strings and pragmas that look like declarations', () => {
    const text = [
      "// resource inLineComment 'A.B/c@1' = {}",
      '/* a block comment',
      "resource inBlockComment 'A.B/c@1' = {}",
      '*/',
      "var s = 'resource inString \\' A.B/c@1'",
      "var m = '''",
      "resource inMultiline 'A.B/c@1' = {",
      "}'''",
      '#disable-next-line no-unused-vars BCP081',
      "@description('resource inDecorator')",
      "resource real 'A.B/c@1' = {",
      "  name: 'x'",
      '}',
    ].join('\n');
    expect(at(text)).toEqual(['real@11:1']);
  });

  it('follows ${…} holes, with objects and strings of their own, without losing track of braces', () => {
    const text = [
      "resource a 'A.B/c@1' = {",
      "  name: '${first({ k: '}' }.k)}-${'{'}'",
      "  resource child 'd@2' = {",
      "    name: 'x${'y${'z'}'}'",
      '  }',
      '}',
      "resource b 'A.B/e@1' = {",
      '}',
    ].join('\n');
    expect(at(text)).toEqual(['a@1:1', 'a::child@3:3', 'b@7:1']);
  });

  it("reads ''' strings to the first run of three quotes, and $''' strings with their holes", () => {
    const text = [
      "var a = '''it's ''quoted'' '''",
      "var b = $'''${'''",
      "resource notOne 'A.B/c@1' = {",
      "'''}'''",
      "var c = $$'''${ not a hole $${ '}' } still text '''",
      "resource one 'A.B/c@1' = {",
      '}',
    ].join('\n');
    expect(at(text)).toEqual(['one@6:1']);
  });

  it('reads conditions with braces, loops, loops on the next line, and = if on the next line', () => {
    const text = [
      "resource cond 'A.B/c@1' = if (!empty(lock ?? {}) && x != 'y') {",
      "  resource child 'd' = if (a >= b) {",
      '  }',
      '}',
      "resource loop 'A.B/c@1' = [for (item, i) in union(items, [{}]): if (i > 0) {",
      '}]',
      "module mod 'm.bicep' = [",
      '  for item in items: {',
      '  }',
      ']',
      "resource late 'A.B/c@1' =",
      '  if (true) {',
      "    resource lateChild 'e@3' = {",
      '    }',
      '  }',
    ].join('\n');
    expect(findDeclarations(text).map(({ qualifiedName, type, apiVersion, parent }) => ({ qualifiedName, type, apiVersion, parent }))).toEqual([
      { qualifiedName: 'cond', type: 'A.B/c', apiVersion: '1', parent: undefined },
      { qualifiedName: 'cond::child', type: 'A.B/c/d', apiVersion: '1', parent: 'cond' },
      { qualifiedName: 'loop', type: 'A.B/c', apiVersion: '1', parent: undefined },
      { qualifiedName: 'mod', type: undefined, apiVersion: undefined, parent: undefined },
      { qualifiedName: 'late', type: 'A.B/c', apiVersion: '1', parent: undefined },
      { qualifiedName: 'late::lateChild', type: 'A.B/c/e', apiVersion: '3', parent: 'late' },
    ]);
  });

  it('is not fooled by the word resource elsewhere: properties, parameters, values, other objects', () => {
    const text = [
      "param p resource 'A.B/c@1'",
      'var o = {',
      "  resource: 'x'",
      "  resource notNested 'A.B/c@1' = {",
      '  }',
      '}',
      'var list = [',
      '  resource',
      ']',
      "output x resource 'A.B/c@1' = r",
      "resource r 'A.B/c@1' existing = {",
      '  properties: {',
      "    resource deep 'A.B/c@1' = {",
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(findDeclarations(text).map(({ qualifiedName, existing }) => ({ qualifiedName, existing }))).toEqual([{ qualifiedName: 'r', existing: true }]);
  });

  it('counts lines as Bicep does (CR LF, LF, a lone CR) and columns in UTF-16 code units', () => {
    expect(at("var a = 1\r\nvar b = 2\rvar c = '€😀'\n@description('d')\nresource r 'A.B/c@1' = {\r\n  resource n 'd' = {\r\n  }\r\n}")).toEqual(['r@5:1', 'r::n@6:3']);
  });

  it('takes the type from a namespace-qualified type string, and leaves an interpolated one unknown', () => {
    const declarations = findDeclarations("resource a 'az:A.B/c@1' = {\n}\nresource b 'A.B/${x}@1' = {\n  resource c 'd' = {\n  }\n}\n");
    expect(declarations.map(({ qualifiedName, type }) => ({ qualifiedName, type }))).toEqual([
      { qualifiedName: 'a', type: 'A.B/c' },
      { qualifiedName: 'b', type: undefined },
      { qualifiedName: 'b::c', type: undefined },
    ]);
  });

  it('unescapes the type string, and gives up gracefully on a file that does not compile', () => {
    expect(findDeclarations("resource a 'A.B/\\u{63}@1' = {\n}").map((declaration) => declaration.type)).toEqual(['A.B/c']);
    expect(names("resource\nresource a\nresource b 'A.B/c@1'\nresource c 'A.B/c@1' = if (\nresource d 'A.B/c@1' = {\n")).toEqual(['c']);
    expect(names("var s = 'unterminated\nresource e 'A.B/c@1' = {\n}\n/* unterminated")).toEqual(['e']);
  });
});
