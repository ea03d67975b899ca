import { UserError } from '../../../src/errors.js';
import { looksLikeKubernetes, readManifests, type ManifestObject } from '../../../src/sources/kubernetes/read-manifests.js';

/** What `helm template` prints: `---` before each document, a `# Source:` comment, and empty documents for templates that rendered nothing. */
const HELM = `---
# Source: trainer/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: trainer
---
# Source: trainer/templates/disabled.yaml
---
# Source: trainer/templates/deployment.yaml
# a comment before the object
apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer   # trailing comment
spec:
  template:
    spec:
      containers:
        - name: train
          image: "registry.example/train:1.0"
          resources:
            limits:
              cpu: "4"
              nvidia.com/gpu: 1
`;

function lineOf(object: ManifestObject, path: (string | number)[]): { line: number; column: number } | undefined {
  const entry = object.lines.find((candidate) => JSON.stringify(candidate.path) === JSON.stringify(path));
  return entry && { line: entry.line, column: entry.column };
}

function errorOf(text: string, file = 'f.yaml'): UserError {
  try {
    readManifests(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('readManifests did not throw');
}

describe('readManifests', () => {
  it('reads each object of a helm-template style file with its document index and the line of apiVersion', () => {
    const { objects, warnings } = readManifests(HELM, 'out.yaml');
    expect(warnings).toEqual([]);
    expect(objects.map((o) => [o.object.kind, o.document, o.path, o.line, o.column])).toEqual([
      ['ServiceAccount', 0, [], 3, 1],
      ['Deployment', 2, [], 12, 1],
    ]);
    expect(objects[1].object.metadata).toEqual({ name: 'trainer' });
  });

  it('gives the line and column of a key deep in the object, as a finding on it would point', () => {
    const deployment = readManifests(HELM, 'out.yaml').objects[1];
    const path = ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'nvidia.com/gpu'];
    expect(lineOf(deployment, path)).toEqual({ line: 25, column: 15 });
    expect(lineOf(deployment, ['spec', 'template', 'spec', 'containers', 0])).toEqual({ line: 20, column: 11 });
    expect(lineOf(deployment, ['metadata', 'name'])).toEqual({ line: 15, column: 3 });
  });

  it('reads a JSON List file as its items, each with path [items, i] and lines relative to the item', () => {
    const list = ['{', '  "apiVersion": "v1",', '  "kind": "List",', '  "items": [', '    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}},', '    {', '      "apiVersion": "v1",', '      "kind": "Service",', '      "metadata": {"name": "b"}', '    }', '  ]', '}'].join('\n');
    const { objects, warnings } = readManifests(list, 'list.json');
    expect(warnings).toEqual([]);
    expect(objects.map((o) => [o.object.kind, o.document, o.path, o.line, o.column])).toEqual([
      ['Pod', 0, ['items', 0], 5, 6],
      ['Service', 0, ['items', 1], 7, 7],
    ]);
    expect(lineOf(objects[1], ['metadata', 'name'])).toEqual({ line: 9, column: 20 });
    expect(objects[0].lines.every((entry) => entry.path[0] !== 'items')).toBe(true);
  });

  it('gives a list item with neither apiVersion nor kind the list\'s, as kubectl does; skips one with only one of them, naming its line', () => {
    const text = 'apiVersion: v1\nkind: PodList\nitems:\n  - apiVersion: v1\n    kind: Pod\n  - metadata: {name: inferred}\n  - kind: Pod\n  - plain text\n';
    const { objects, warnings } = readManifests(text, 'pods.yaml');
    expect(objects.map((o) => [o.path, o.object.apiVersion, o.object.kind])).toEqual([
      [['items', 0], 'v1', 'Pod'],
      [['items', 1], 'v1', 'Pod'],
    ]);
    expect(warnings).toEqual([
      'pods.yaml:7: items[2] of document 1 is not a Kubernetes object (no apiVersion and kind): skipped',
      'pods.yaml:8: items[3] of document 1 is not a Kubernetes object (no apiVersion and kind): skipped',
    ]);
  });

  it('reads any document with an items field as a list, whatever its kind, as kubectl decodes it: the items are applied, not the document', () => {
    const pod = '{apiVersion: v1, kind: Pod, metadata: {name: hidden}}';
    // A ConfigMap by its kind, with no apiVersion even, and `Items` spelled as Go's JSON matches it.
    const { objects, warnings } = readManifests(`kind: ConfigMap\nmetadata: {name: cover}\nItems:\n- ${pod}\n`, 'f.yaml');
    expect(objects.map((o) => [o.path, o.object.kind, (o.object.metadata as { name: string }).name, o.line])).toEqual([[['Items', 0], 'Pod', 'hidden', 4]]);
    expect(warnings).toEqual([]);
    // The long s is an s to Go's case-insensitive match.
    expect(readManifests(`apiVersion: v1\nkind: X\niteм: 1\nitem\u017F: [${pod}]\n`, 'f.yaml').objects.map((o) => o.object.kind)).toEqual(['Pod']);
    // No kind: kubectl refuses the list. Items that are no list: refused too. null: no items at all.
    expect(readManifests(`apiVersion: v1\nitems: [${pod}]\n`, 'f.yaml')).toEqual({ objects: [], warnings: ['f.yaml:1: document 1 has an items field, so kubectl reads it as a list, and refuses it: it has no kind: skipped'] });
    expect(readManifests('apiVersion: v1\nkind: Pod\nitems: {a: 1}\n', 'f.yaml').warnings).toEqual(['f.yaml:1: document 1 has an items field, so kubectl reads it as a list, and refuses it: its items is not a list: skipped']);
    expect(readManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nitems: null\n', 'f.yaml')).toEqual({ objects: [], warnings: [] });
    expect(errorOf(`apiVersion: v1\nkind: List\nitems: []\nITEMS: [${pod}]\n`).message).toBe('f.yaml:4:1: "items" and "ITEMS" are one field to kubectl, which reads JSON field names ignoring case: write it once');
  });

  it('skips empty and comment-only documents without a warning', () => {
    const { objects, warnings } = readManifests('---\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\n---\n', 'f.yaml');
    expect(warnings).toEqual([]);
    expect(objects.map((o) => o.document)).toEqual([2]);
    expect(readManifests('', 'f.yaml')).toEqual({ objects: [], warnings: [] });
  });

  it('skips a document that is not a Kubernetes object with a warning naming its line', () => {
    const { objects, warnings } = readManifests('apiVersion: v1\nkind: Namespace\n---\n# values\nreplicas: 2\n---\n- a list\n', 'f.yaml');
    expect(objects).toHaveLength(1);
    expect(warnings).toEqual([
      'f.yaml:5: document 2 is not a Kubernetes object (no apiVersion and kind): skipped',
      'f.yaml:7: document 3 is not a Kubernetes object (no apiVersion and kind): skipped',
    ]);
  });

  it('reports a syntax error as file:line:column on one line', () => {
    const error = errorOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: bad\n');
    expect(error.message).toMatch(/^f\.yaml:5:1: invalid YAML: \S/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('reports a syntax error of a later document at its line in the file', () => {
    // HELM has 25 lines: the broken line is the 6th of the document after it.
    expect(errorOf(`${HELM}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: bad\n`).message).toMatch(/^f\.yaml:31:1: invalid YAML: /);
  });

  it('reports a duplicate key with its name and both lines', () => {
    expect(errorOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {}\n  name: b\n').message).toBe('f.yaml:6:3: duplicate key "name" (first at line 4)');
    // `1` and `"1"` are one key once the object is JSON.
    expect(errorOf('apiVersion: v1\nkind: X\ndata:\n  1: a\n  "1": b\n').message).toBe('f.yaml:5:3: duplicate key "1" (first at line 4)');
  });

  it('refuses a billion-laughs document once its aliases pass 100 expansions, before expanding the rest', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const error = errorOf(`apiVersion: v1\nkind: ConfigMap\ndata:\n${levels.map((line) => `  ${line}`).join('\n')}\n`);
    expect(error.message).toMatch(/^f\.yaml:\d+:\d+: too many aliases: more than 100 expansions/);
  });

  it('refuses aliases that copy a large anchor over and over', () => {
    const big = Array.from({ length: 2000 }, (_, i) => `k${i}: v`).join(', ');
    const uses = Array.from({ length: 60 }, (_, i) => `  u${i}: *big`).join('\n');
    expect(errorOf(`apiVersion: v1\nkind: X\nanchor: &big {${big}}\ncopies:\n${uses}\n`).message).toMatch(/aliases expand to more than 100000 values/);
  });

  it('reads aliases and merge keys, locating merged keys at their << key', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nbase: &base {a: 1, b: 2}\nuse:\n  <<: *base\n  b: 3\nplain: *base\n';
    const [object] = readManifests(text, 'f.yaml').objects;
    expect(object.object.use).toEqual({ b: 3, a: 1 });
    expect(object.object.plain).toEqual({ a: 1, b: 2 });
    expect(lineOf(object, ['use', 'a'])).toEqual({ line: 5, column: 3 });
    expect(lineOf(object, ['use', 'b'])).toEqual({ line: 6, column: 3 });
    // Values copied by an alias are found by the alias's own key: the nearest written path.
    expect(lineOf(object, ['plain', 'a'])).toBeUndefined();
  });

  it('applies a merge key where it is written, as kubectl (yaml.v2) does: over the keys before it, under the keys after it', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    privileged: false\n    <<: [{privileged: true, runAsUser: 1}, {runAsUser: 0, hostPID: true}]\n    hostPID: false\n';
    const [object] = readManifests(text, 'f.yaml').objects;
    // The earlier mapping of a merged list wins over the later; the merge over `privileged: false` before it; `hostPID: false` after it over the merge.
    expect(object.object.spec).toEqual({ securityContext: { privileged: true, runAsUser: 1, hostPID: false } });
    // Each key is located where its value was written: the inline mapping of the merge, or the key after it.
    expect(lineOf(object, ['spec', 'securityContext', 'privileged'])).toEqual({ line: 6, column: 11 });
    expect(lineOf(object, ['spec', 'securityContext', 'hostPID'])).toEqual({ line: 7, column: 5 });
    const aliased = readManifests('apiVersion: v1\nkind: Pod\nx: &evil {privileged: true}\nspec:\n  privileged: false\n  <<: *evil\n', 'f.yaml').objects[0];
    expect(aliased.object.spec).toEqual({ privileged: true });
    expect(lineOf(aliased, ['spec', 'privileged'])).toEqual({ line: 6, column: 3 });
  });

  it('refuses an alias to no anchor and an alias inside the value it names', () => {
    expect(errorOf('apiVersion: v1\nkind: X\nspec: *missing\n').message).toBe('f.yaml:3:7: alias "*missing" names no anchor before it');
    expect(errorOf('apiVersion: v1\nkind: X\nspec: &loop [*loop]\n').message).toBe('f.yaml:3:14: alias "*loop" is inside the value it names');
  });

  it('refuses nesting deeper than 200 levels, and a very deep file leaves later reads working', () => {
    // The object itself is the first level, so its 200th nested `[` (column 206) is the 201st.
    expect(errorOf(`apiVersion: v1\nkind: X\nspec: ${'['.repeat(200)}${']'.repeat(200)}\n`).message).toBe('f.yaml:3:206: nested more than 200 levels deep');
    expect(() => readManifests(`apiVersion: v1\nkind: X\nspec: ${'['.repeat(199)}${']'.repeat(199)}\n`, 'f.yaml')).not.toThrow();
    // Deep enough to overflow the YAML library's recursion if it ever saw it.
    for (const deep of [`${'- '.repeat(50000)}x\n`, `apiVersion: v1\nkind: X\nspec: ${'{a: '.repeat(50000)}`]) {
      expect(errorOf(deep).message).toMatch(/^f\.yaml:\d+:\d+: nested more than 200 levels deep$/);
    }
    // Documents are read one at a time: a deep one after one that reads is measured before it is composed too.
    expect(errorOf(`apiVersion: v1\nkind: X\n---\n${'- '.repeat(50000)}x\n`).message).toMatch(/^f\.yaml:4:\d+: nested more than 200 levels deep$/);
    expect(readManifests(HELM, 'out.yaml').objects).toHaveLength(2);
  });

  it('keeps a __proto__ key an ordinary property, in YAML and JSON', () => {
    for (const text of ['apiVersion: v1\nkind: Pod\nmetadata: {__proto__: {polluted: 1}}\n', '{"apiVersion": "v1", "kind": "Pod", "metadata": {"__proto__": {"polluted": 1}}}']) {
      const metadata = readManifests(text, 'f.yaml').objects[0].object.metadata as Record<string, unknown>;
      expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
      expect(Object.keys(metadata)).toEqual(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toEqual({ polluted: 1 });
      expect(({} as any).polluted).toBeUndefined();
    }
  });

  it('refuses custom and non-JSON tags, naming the tag', () => {
    expect(errorOf('apiVersion: v1\nkind: X\ndata: !vault secret/x\n').message).toMatch(/^f\.yaml:3:\d+: unsupported YAML tag "!vault"$/);
    expect(errorOf('apiVersion: v1\nkind: X\ndata: !!binary aGk=\n').message).toMatch(/^f\.yaml:3:\d+: unsupported YAML tag "!!binary"$/);
    expect(errorOf('apiVersion: v1\nkind: X\ndata: !!set {a, b}\n').message).toMatch(/unsupported YAML tag "!!set"$/);
    expect(readManifests('apiVersion: v1\nkind: X\ndata: !!str 12\n', 'f.yaml').objects[0].object.data).toBe('12');
  });

  it('refuses keys that are not scalars, and apiVersion or kind that are not strings', () => {
    expect(errorOf('apiVersion: v1\nkind: X\n? [a, b]\n: 1\n').message).toBe('f.yaml:3:3: a key must be a string or number, not a sequence');
    expect(errorOf('apiVersion: 1\nkind: Pod\n').message).toBe('f.yaml:1:1: apiVersion must be a string, not a number');
    expect(errorOf('apiVersion: v1\nkind: [Pod]\n').message).toBe('f.yaml:2:1: kind must be a string, not a sequence');
  });

  it('reads plain scalars as kubectl does (YAML 1.1, through sigs.k8s.io/yaml and yaml.v2), whatever a %YAML directive says', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: yes\n  b: on\n  c: 0777\n  d: 0x1F\n  e: 0o17\n  f: ~\n  g: true\n  h: 1.5e3\n  i: 1_000\n';
    const data = { a: true, b: true, c: 511, d: 31, e: 15, f: null, g: true, h: 1500, i: 1000 };
    expect(readManifests(text, 'f.yaml').objects[0].object.data).toEqual(data);
    expect(readManifests(`%YAML 1.2\n---\n${text}`, 'f.yaml').objects[0].object.data).toEqual(data);
    // What is quoted, tagged !!str or written as a block stays text.
    const text2 = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "yes"\n  b: !!str on\n  c: |\n    yes\n  d: !!bool Y\n  e: !!float 3\n';
    expect(readManifests(text2, 'f.yaml').objects[0].object.data).toEqual({ a: 'yes', b: 'on', c: 'yes\n', d: true, e: 3 });
    expect(errorOf('apiVersion: v1\nkind: X\nspec: {replicas: !!int yes}\n').message).toBe('f.yaml:3:24: "yes" is not a !!int value as kubectl reads YAML');
    // Keys as kubectl writes them in JSON: a boolean key is "true", an octal one decimal.
    expect(readManifests('apiVersion: v1\nkind: ConfigMap\ndata:\n  on: a\n  010: b\n  "010": c\n', 'f.yaml').objects[0].object.data).toEqual({ true: 'a', 8: 'b', '010': 'c' });
    expect(errorOf('apiVersion: v1\nkind: X\ndata:\n  yes: a\n  true: b\n').message).toBe('f.yaml:5:3: duplicate key "true" (first at line 4)');
    expect(errorOf('apiVersion: v1\nkind: X\ndata:\n  ~: a\n').message).toBe('f.yaml:4:3: the key "~" is null as kubectl reads YAML, which it refuses: quote it');
    expect(errorOf('apiVersion: v1\nkind: X\ndata:\n  1.5: a\n').message).toBe('f.yaml:4:3: the key "1.5" is a floating-point number as kubectl reads YAML: quote it');
    expect(errorOf('apiVersion: v1\nkind: X\nspec: {replicas: .inf}\n').message).toBe('f.yaml:3:18: ".inf" is not a finite number, which JSON cannot hold');
  });

  it('gives the same lines and columns for a CRLF file with a byte order mark', () => {
    const unix = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: y\n';
    const windows = `\uFEFF${unix.replace(/\n/g, '\r\n')}`;
    const [a] = readManifests(unix, 'f.yaml').objects;
    const [b] = readManifests(windows, 'f.yaml').objects;
    expect(b).toEqual(a);
    expect([b.line, b.column]).toEqual([1, 1]);
    expect(lineOf(b, ['metadata', 'labels', 'app'])).toEqual({ line: 6, column: 5 });
    expect(errorOf(`\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  name: b\r\n`).message).toBe('f.yaml:5:3: duplicate key "name" (first at line 4)');
  });

  it('quotes text from the file cut short in an error', () => {
    const message = errorOf(`apiVersion: v1\nkind: X\nspec: *${'x'.repeat(500)}\n`).message;
    expect(message).toBe(`f.yaml:3:7: alias ${JSON.stringify(`*${'x'.repeat(78)}…`)} names no anchor before it`);
  });
});

describe('looksLikeKubernetes', () => {
  it('is true when a document is a mapping with string apiVersion and kind', () => {
    expect(looksLikeKubernetes(HELM)).toBe(true);
    expect(looksLikeKubernetes('# values\nreplicas: 2\n---\napiVersion: v1\nkind: List\nitems: []\n')).toBe(true);
    expect(looksLikeKubernetes('{"apiVersion": "v1", "kind": "Pod"}')).toBe(true);
  });

  it('is false for YAML that holds no Kubernetes object', () => {
    expect(looksLikeKubernetes('replicas: 2\nimage: {tag: "1.0"}\n')).toBe(false);
    expect(looksLikeKubernetes('- apiVersion: v1\n  kind: Pod\n')).toBe(false);
    expect(looksLikeKubernetes('apiVersion: 1\nkind: Pod\n')).toBe(false);
    expect(looksLikeKubernetes('')).toBe(false);
    expect(looksLikeKubernetes('not: [valid\nyaml: "at all\n')).toBe(false);
  });

  it('is true for a manifest with a syntax error after its header, so reading it reports the error', () => {
    const broken = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: bad\n';
    expect(looksLikeKubernetes(broken)).toBe(true);
    expect(() => readManifests(broken, 'f.yaml')).toThrow(/^f\.yaml:5:1: /);
    // Broken from its first line on: only the header lines say what it is.
    expect(looksLikeKubernetes('# Source: x\napiVersion: "v1\nkind: Pod\nmetadata:\n  name: x\n')).toBe(true);
  });

  it('never throws, however deep the file', () => {
    expect(looksLikeKubernetes(`apiVersion: v1\nkind: X\nspec: ${'['.repeat(50000)}`)).toBe(true);
    expect(looksLikeKubernetes('['.repeat(50000))).toBe(false);
    expect(looksLikeKubernetes(`apiVersion: v1\nkind: X\n---\n${'['.repeat(50000)}`)).toBe(true);
    expect(looksLikeKubernetes(`kind: X\n---\n${'- '.repeat(50000)}x\n`)).toBe(false);
  });
});
