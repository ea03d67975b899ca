import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The layers of the code and what each may import (docs/architecture.md draws them). A path ending
 * in `/` is a folder. A layer may import itself and the layers it lists, nothing else: the
 * pipeline's stages import only stages below them, shared helpers import no stage, and tests and
 * scripts share code only through support/.
 */
const LAYERS = {
  shared: {
    paths: ['src/errors.ts', 'src/ids.ts', 'src/heap.ts', 'src/multimap.ts', 'src/ajv.ts', 'src/safe-regexp.ts', 'src/precompiled.ts', 'src/load-on-use.ts', 'src/package-info.ts', 'src/estate.ts', 'src/glob.ts', 'src/own-fields.ts', 'src/kubernetes/', 'src/text/', 'src/files/', 'src/redaction/'],
    may: [],
  },
  json: { paths: ['src/json/'], may: ['shared'] },
  sources: { paths: ['src/sources/'], may: ['json', 'shared'] },
  facts: { paths: ['src/facts/'], may: ['shared'] },
  engine: { paths: ['src/engine/'], may: ['facts', 'json', 'shared'] },
  gate: { paths: ['src/gate/'], may: ['engine', 'json', 'shared'] },
  config: { paths: ['src/config/'], may: ['gate', 'engine', 'json', 'shared'] },
  // The rule tester: a rule's cases as small estates, through the same loading and evaluation as a scan.
  ruleTests: { paths: ['src/rule-tests/'], may: ['config', 'engine', 'facts', 'sources', 'json', 'shared'] },
  // The trend over many scans' SARIF (`aiscan trend`): read back as the gate reads a baseline, computed without I/O.
  trend: { paths: ['src/trend/'], may: ['gate', 'engine', 'json', 'shared'] },
  // Reports render the ScanResult that scan.ts defines: its types, and only its types, come from above.
  report: { paths: ['src/report/'], may: ['trend', 'config', 'gate', 'engine', 'json', 'shared'], typesFrom: ['app'] },
  app: {
    paths: ['src/scan.ts', 'src/scan-deployments.ts', 'src/collect.ts', 'src/index.ts', 'src/cli.ts', 'src/commands/', 'src/docs/', 'src/action/'],
    may: ['report', 'trend', 'ruleTests', 'config', 'gate', 'engine', 'facts', 'sources', 'json', 'shared'],
  },
  bin: { paths: ['bin/'], may: ['app', 'shared'] },
  support: { paths: ['support/'], may: ['app', 'report', 'trend', 'ruleTests', 'config', 'gate', 'engine', 'facts', 'sources', 'json', 'shared'] },
  scripts: { paths: ['scripts/'], may: ['support', 'app', 'report', 'trend', 'ruleTests', 'config', 'gate', 'engine', 'facts', 'sources', 'json', 'shared'] },
  test: { paths: ['test/'], may: ['support', 'bin', 'app', 'report', 'trend', 'ruleTests', 'config', 'gate', 'engine', 'facts', 'sources', 'json', 'shared'] },
};

/** Data any code may read: not code, so not layered. */
const DATA = ['schemas/', 'rules/', 'examples/', 'package.json'];

function inPaths(file, paths) {
  return paths.some((path) => (path.endsWith('/') ? file.startsWith(path) : file === path));
}

function layerOf(file) {
  return Object.keys(LAYERS).find((name) => inPaths(file, LAYERS[name].paths));
}

/** A relative import's target, from the root and with `/`, as the source file it names (`x.js` is `x.ts`). */
function targetOf(importer, specifier) {
  return relative(ROOT, resolve(dirname(importer), specifier)).split(sep).join('/').replace(/\.js$/, '.ts');
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers below it (LAYERS in eslint.config.js, drawn in docs/architecture.md).' },
    schema: [],
    messages: {
      upward: '{{from}} may not import {{to}} ({{specifier}}); {{from}} may import {{allowed}}. See docs/architecture.md.',
      unmapped: '{{file}} is in no layer of eslint.config.js: add it to LAYERS (and to docs/architecture.md).',
    },
  },
  create(context) {
    const importer = relative(ROOT, context.filename).split(sep).join('/');
    const from = layerOf(importer);
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = targetOf(context.filename, source.value);
      if (inPaths(target, DATA)) return;
      const to = layerOf(target);
      if (!from || !to) {
        context.report({ node: source, messageId: 'unmapped', data: { file: from ? target : importer } });
        return;
      }
      const layer = LAYERS[from];
      if (to === from || layer.may.includes(to)) return;
      if (layer.typesFrom?.includes(to) && isTypeOnly(node)) return;
      context.report({ node: source, messageId: 'upward', data: { from, to, specifier: source.value, allowed: layer.may.join(', ') || 'only itself' } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { aiscan: { rules: { layers } } },
    rules: {
      'aiscan/layers': 'error',
      // A name that starts with _ is unused on purpose: a parameter a callback must take, a property destructured away.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and their support walk parsed YAML and JSON documents whose shape is what they assert
    // or build; product code (src/) stays free of any.
    files: ['test/**/*.ts', 'support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
