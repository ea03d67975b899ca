import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileLocator } from '../../src/json/locate.js';
import { maskControlCharactersInStrings, parseJsonWithComments, unmaskControlCharacters } from '../../src/json/read-json.js';
import { expandTemplateText } from '../../src/sources/arm-template/expand-template.js';
import { findInputs } from '../../src/sources/inputs/find-inputs.js';
import { runCli } from '../helpers/cli.js';
import { lineOf } from '../helpers/template-lines.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * A string written over several lines: ARM reads it, and az passes it (json.loads with
 * strict=False), so a template with one deploys. Hand-written templates (no public one of this
 * shape was at hand): the line breaks in them are the point.
 */
const TEMPLATE = [
  '{',
  '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
  '  "contentVersion": "1.0.0.0",',
  '  // a comment with a "quote" in it',
  '  "variables": { "note": "written',
  'over\tlines" },',
  '  "resources": [',
  '    {',
  '      "type": "Microsoft.MachineLearningServices/workspaces",',
  '      "apiVersion": "2024-04-01",',
  '      "name": "ws",',
  '      "location": "eastus",',
  '      "tags": { "note": "[variables(\'note\')]" },',
  '      "properties": {',
  '        "description": "a',
  'multi-line',
  'description \\"quoted\\"",',
  '        "publicNetworkAccess": "Enabled"',
  '      }',
  '    }',
  '  ]',
  '}',
  '',
].join('\n');

describe('strings written over several lines, in templates', () => {
  const tmp = useTempDir('aiscan-multiline-');

  it('are read with their line breaks and tabs, as ARM reads them', () => {
    const [resource] = expandTemplateText({ file: 't.json', text: TEMPLATE }, undefined, { target: { resourceGroup: 'rg', subscriptionId: '00000000-0000-0000-0000-000000000001', location: 'eastus' } }).resources;
    expect(resource.resource.properties).toEqual({ description: 'a\nmulti-line\ndescription "quoted"', publicNetworkAccess: 'Enabled' });
    expect(resource.resource.tags).toEqual({ note: 'written\nover\tlines' });
  });

  it('leave every offset as it was: a later error is at its line and column in the file', () => {
    const broken = TEMPLATE.replace('"publicNetworkAccess": "Enabled"', '"publicNetworkAccess": Enabled');
    expect(() => parseJsonWithComments(broken, 't.json', 'an ARM template')).toThrow(`t.json:${lineOf2(broken, 'Enabled')}:32: invalid JSON: invalid symbol (an ARM template must be JSON, comments allowed)`);
    expect(maskControlCharactersInStrings(TEMPLATE)).toHaveLength(TEMPLATE.length);
    // Nothing to mask outside strings (the comment's quote is no string), and text that already holds the masks is left alone.
    expect(maskControlCharactersInStrings('{"a": 1,\n// "x\n"b": 2}')).toBeUndefined();
    expect(maskControlCharactersInStrings('{"a": "\uE00A\n"}')).toBeUndefined();
    expect(unmaskControlCharacters(JSON.parse(JSON.stringify({ ['k\uE009']: ['v\uE00A', { w: '\uE000' }] })))).toEqual({ 'k\t': ['v\n', { w: '\u0000' }] });
  });

  it('do not keep a template from being recognised, wherever they are written', () => {
    mkdirSync(tmp.path('first'));
    // The multi-line string before $schema: read as JSON, the text stops being JSON before the schema names a template.
    const file = tmp.write(join('first', 'main.json'), TEMPLATE.replace('{\n', '{\n  "metadata": { "description": "first\nline" },\n'));
    expect(findInputs([tmp.path('first')])).toMatchObject({ files: [{ file, kind: 'arm-template' }], skipped: [] });
  });

  it('are scanned, their findings at the lines and columns of the file as written', async () => {
    const folder = tmp.path('t');
    mkdirSync(folder);
    const file = tmp.write(join('t', 'main.json'), TEMPLATE);
    const out = tmp.path('out');
    const run = await runCli('scan', folder, '--subscription-id', '00000000-0000-0000-0000-000000000001', '--resource-group', 'rg', '--location', 'eastus', '--out', out, '--format', 'json', '--fail-on', 'none');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { startLine: number; startColumn: number; endLine: number } }[] };
    const publicAccess = report.findings.find((finding) => finding.ruleId === 'AIS-ML-001')!;
    expect(publicAccess.location).toMatchObject({ startLine: lineOf(file, '"publicNetworkAccess"'), startColumn: 9, endLine: lineOf(file, '"publicNetworkAccess"') });
    const located = new FileLocator(TEMPLATE).region(['resources', 0, 'properties', 'description']);
    expect(located).toMatchObject({ startLine: 15, startColumn: 9, endLine: 17, endColumn: 24, snippet: '"description": "a\nmulti-line\ndescription \\"quoted\\""' });
  });
});

function lineOf2(text: string, needle: string): number {
  return text.slice(0, text.lastIndexOf(needle)).split('\n').length;
}
