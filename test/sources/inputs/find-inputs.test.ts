import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { findInputs } from '../../../src/sources/inputs/find-inputs.js';
import { useTempDir } from '../../helpers/temp.js';

const TEMPLATE = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] };
const SUBSCRIPTION_TEMPLATE = { $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] };
const PARAMETERS = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: {} };
const SNAPSHOT = { format: 'aiscan-snapshot', version: 1, collectedAt: '2026-12-01T00:00:00Z', scopes: [], coverage: [], resources: [] };

describe('the inputs of aiscan scan PATH…', () => {
  const tmp = useTempDir('aiscan-inputs-');
  let n = 0;
  /** A fresh folder holding `files` (path → content: an object is written as JSON). */
  const tree = (files: Record<string, unknown>): string => {
    const root = tmp.path(`tree-${n++}`);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return root;
  };
  const kinds = (root: string) => findInputs([root]).files.map(({ file, kind }) => [relative(root, file), kind]);

  test('a folder is walked in order, and each file recognised by its content, not its name', () => {
    const root = tree({
      'infra/main.json': TEMPLATE,
      'infra/main.parameters.json': PARAMETERS,
      'infra/sub.json': SUBSCRIPTION_TEMPLATE,
      'infra/aks.bicep': "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {}",
      'infra/aks.bicepparam': "using 'aks.bicep'",
      'estate/prod.json': SNAPSHOT,
      'estate/list.json': { value: [] },
      'estate/graph.json': { data: [] },
      'estate/array.json': [],
      'estate/named-like-a-template.json': SNAPSHOT,
      'commented-template.json': `// a comment\n{\n  /* and another */\n  "$schema": "${TEMPLATE.$schema}",\n  "resources": []\n}`,
    });
    expect(kinds(root)).toEqual([
      ['commented-template.json', 'arm-template'],
      ['estate/array.json', 'estate'],
      ['estate/graph.json', 'estate'],
      ['estate/list.json', 'estate'],
      ['estate/named-like-a-template.json', 'estate'],
      ['estate/prod.json', 'estate'],
      ['infra/aks.bicep', 'bicep'],
      ['infra/aks.bicepparam', 'bicep-parameters'],
      ['infra/main.json', 'arm-template'],
      ['infra/main.parameters.json', 'arm-parameters'],
      ['infra/sub.json', 'arm-template'],
    ]);
  });

  test('what is not an input is skipped with the reason; nothing in a walk is an error', () => {
    const root = tree({ 'README.md': '# infra', 'package.json': { name: 'x' }, 'broken.json': '{"resources": [', 'main.json': TEMPLATE });
    const found = findInputs([root]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['main.json']);
    expect(found.skipped.map((s) => [relative(root, s.file), s.reason])).toEqual([
      ['README.md', 'not JSON'],
      ['broken.json', 'not valid JSON (1:16: close bracket expected)'],
      ['package.json', 'JSON that is not an estate file, ARM template or parameter file'],
    ]);
  });

  test('node_modules, .git, hidden files and what .gitignore files ignore are left out, counted, and never read', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main',
      '.gitignore': 'generated/\n*.tmp.json\n!keep.tmp.json\n',
      'node_modules/pkg/template.json': TEMPLATE,
      'generated/main.json': TEMPLATE,
      'a.tmp.json': TEMPLATE,
      'keep.tmp.json': TEMPLATE,
      'team/.gitignore': 'local.json\n',
      'team/local.json': TEMPLATE,
      'team/main.json': TEMPLATE,
      'other/local.json': TEMPLATE,
    });
    const found = findInputs([root]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['keep.tmp.json', 'other/local.json', 'team/main.json']);
    expect(found.ignored).toBe(7); // .git, .gitignore, node_modules, generated/, a.tmp.json, team/.gitignore, team/local.json
    expect(found.skipped).toEqual([]);
  });

  test('a sub-folder of a repository honours the .gitignore files above it, up to the repository root', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main', '.gitignore': 'infra/old/\n', 'infra/main.json': TEMPLATE, 'infra/old/main.json': TEMPLATE });
    expect(findInputs([join(root, 'infra')]).files.map((f) => relative(root, f.file))).toEqual(['infra/main.json']);
  });

  test('what git tracks is read whatever a .gitignore says; what it does not track stays ignored', () => {
    // A pull request that adds a template with `git add -f` and a .gitignore naming it: the pipeline deploys it all the same.
    const files = {
      'infra/.gitignore': 'evil.json\nbuild/\nscratch/\n',
      'infra/main.json': TEMPLATE,
      'infra/evil.json': TEMPLATE,
      'infra/build/tracked.json': TEMPLATE,
      'infra/build/untracked.json': TEMPLATE,
      'infra/local.json': TEMPLATE,
      'infra/scratch/notes.json': TEMPLATE,
    };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    const root = tree(files);
    git(root, 'init', '-q');
    git(root, 'add', 'infra/.gitignore', 'infra/main.json');
    git(root, 'add', '-f', 'infra/evil.json', 'infra/build/tracked.json');
    const found = findInputs([join(root, 'infra')]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['infra/build/tracked.json', 'infra/evil.json', 'infra/local.json', 'infra/main.json']);
    expect(found.ignored).toBe(3); // .gitignore, build/untracked.json, scratch/ (nothing in it tracked: not walked)

    // Where git has no index to read (nothing added yet), .gitignore is all there is to go by.
    const fresh = tree(files);
    git(fresh, 'init', '-q');
    expect(findInputs([join(fresh, 'infra')]).files.map((f) => relative(fresh, f.file))).toEqual(['infra/local.json', 'infra/main.json']);
  });

  test('a hidden file is left out unless it is a manifest, which kubectl apply -f FOLDER applies all the same', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: trainer\n';
    const root = tree({
      'k8s/trainer.yaml': deployment,
      'k8s/.sidecar.yaml': deployment,
      'k8s/.hidden-list.json': { apiVersion: 'v1', kind: 'List', items: [] },
      'k8s/.pre-commit-config.yaml': 'repos: []\n',
      'k8s/.template.json': TEMPLATE, // az deployment names its template: a hidden one is not picked up from a folder
      'k8s/.editorconfig': 'root = true\n',
    });
    const found = findInputs([root]);
    expect(found.files.map((f) => [relative(root, f.file), f.kind])).toEqual([
      ['k8s/.hidden-list.json', 'kubernetes-manifest'],
      ['k8s/.sidecar.yaml', 'kubernetes-manifest'],
      ['k8s/trainer.yaml', 'kubernetes-manifest'],
    ]);
    expect(found.ignored).toBe(3);
    expect(found.skipped).toEqual([]);
  });

  test('a manifest is recognised however far into its file the first object comes', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    const root = tree({
      'k8s/after-comments.yaml': `${'# padding\n'.repeat(8000)}${pod}`, // 80 KB of comments: past what is read to recognise a file
      'k8s/after-a-document.yaml': `notes: "${'x'.repeat(100 * 1024)}"\n---\n${pod}`,
      'k8s/no-object.yaml': `${'# padding\n'.repeat(8000)}notes: none\n`,
    });
    const found = findInputs([root]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['k8s/after-a-document.yaml', 'k8s/after-comments.yaml']);
    expect(found.skipped.map((s) => [relative(root, s.file), s.reason])).toEqual([['k8s/no-object.yaml', 'YAML that is not a Kubernetes manifest (no document with apiVersion and kind)']]);
  });

  test("a chart template is told by any action in it, however far into the file", () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "';
    // The action, unquoted, is no YAML kubectl can read: the document holding it is a template, and the file applies nothing.
    const at = (offset: number) => `${head}${'x'.repeat(offset - head.length - '"\n  b: '.length)}"\n  b: {{ .Values.y }}\n`;
    const root = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/across-reads.yaml': at(64 * 1024), // `{{` split between the first read (64 KiB and 1 byte) and the second
      'chart/templates/far.yaml': at(200 * 1024),
      'chart/templates/static.yaml': `${head}${'x'.repeat(200 * 1024)}"\n`,
    });
    const found = findInputs([join(root, 'chart')]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['chart/templates/static.yaml']);
    expect(found.skipped.map((s) => relative(root, s.file))).toEqual(['chart/Chart.yaml', 'chart/templates/across-reads.yaml', 'chart/templates/far.yaml']);
  });

  test('a symbolic link in a walk is read only when it leads to a regular file in the repository; a file named twice is read once', () => {
    const outside = tree({ 'secret.json': SNAPSHOT });
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main', 'main.json': TEMPLATE, 'common/pool.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' });
    mkdirSync(join(root, 'k8s'));
    symlinkSync('../common/pool.yaml', join(root, 'k8s', 'pool.yaml')); // kubectl apply -f k8s/ applies it
    symlinkSync(join(outside, 'secret.json'), join(root, 'k8s', 'outside.json'));
    symlinkSync('/dev/zero', join(root, 'k8s', 'zero.json'));
    symlinkSync(root, join(root, 'k8s', 'loop'));
    symlinkSync(join(root, 'missing.yaml'), join(root, 'k8s', 'dangling.yaml'));
    const found = findInputs([join(root, 'k8s'), join(root, 'common', 'pool.yaml')]);
    expect(found.files.map((f) => relative(root, f.file))).toEqual(['k8s/pool.yaml']);
    expect(found.skipped.map((s) => [relative(root, s.file), s.reason])).toEqual([
      ['k8s/dangling.yaml', 'a symbolic link that leads nowhere (not followed)'],
      ['k8s/loop', 'a symbolic link to a folder (not followed in a folder)'],
      ['k8s/outside.json', 'a symbolic link to a file outside the repository, or the folder scanned (not followed)'],
      ['k8s/zero.json', 'a symbolic link to something that is not a regular file (not followed)'],
    ]);
    // Outside a repository, a link may lead anywhere in the folder scanned, and no further.
    const plain = tree({ 'a/main.json': TEMPLATE });
    symlinkSync('../a/main.json', join(plain, 'link.json'));
    expect(findInputs([join(plain, 'a')]).files).toHaveLength(1);
    mkdirSync(join(plain, 'b'));
    symlinkSync('../a/main.json', join(plain, 'b', 'link.json'));
    expect(findInputs([join(plain, 'b')]).skipped.map((s) => s.reason)).toEqual(['a symbolic link to a file outside the repository, or the folder scanned (not followed)']);
  });

  test('a file named on the command line must be an input: one line saying what it is not', () => {
    const root = tree({ 'README.md': '# infra', 'package.json': { name: 'x' } });
    expect(() => findInputs([join(root, 'README.md')])).toThrow(UserError);
    expect(() => findInputs([join(root, 'package.json')])).toThrow(/package\.json: not something aiscan scans: JSON that is not an estate file/);
    expect(() => findInputs([join(root, 'missing.json')])).toThrow(/missing\.json: cannot read it \(ENOENT\)/);
  });

  test('a JSON file that is not JSON says where it stops being JSON; comments and a trailing comma are not errors', () => {
    const root = tree({ 'cut.json': '{"$schema": "x",\n  "resources": [', 'commented.json': '{"name": "x", // a note\n "b": 1,}' });
    expect(() => findInputs([join(root, 'cut.json')])).toThrow(/cut\.json: not something aiscan scans: not valid JSON \(2:17: close bracket expected\)/);
    expect(() => findInputs([join(root, 'commented.json')])).toThrow(/commented\.json: not something aiscan scans: JSON that is not an estate file/);
  });

  test('a large estate file whose first 64 KiB name no kind is left to the estate reader', () => {
    const resources = Array.from({ length: 2000 }, (_, i) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm${i}`, name: `vm${i}`, type: 'Microsoft.Compute/virtualMachines', properties: { padding: 'x'.repeat(40) } }));
    const root = tree({ 'late-format.json': `{"resources": ${JSON.stringify(resources)}, "format": "aiscan-snapshot"}` });
    expect(kinds(root)).toEqual([['late-format.json', 'estate']]);
  });
});
