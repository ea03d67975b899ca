import { avmParameterFile as parameterFile, avmTemplate as template, useTemplateFolders, type FolderScan as Scan } from '../helpers/scan-template-folder.js';

/**
 * `az deployment group create -f main.json -p main.parameters.json` reads both files as azure-cli
 * does: a parameter file needs no `$schema`, nor "parameters" around its values
 * (`parsed.get('parameters', parsed)`), and a file that is not JSON is read as a Python literal
 * (shell_safe_json_parse falls back to ast.literal_eval). A parameter file aiscan passed over left
 * the template to its defaults: a pass for what az deploys with other values.
 *
 * The template is the AVM managed cluster fixture with defaults given (here) to its two required
 * parameters, so that it scans with or without a parameter file; its parameter file sets the GPU
 * pools, local accounts and public network access, and turns a clean scan into findings.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `value` as Python writes a literal, laid out line for line as JSON.stringify(value, null, 2). */
function python(value: Json, indent = ''): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return pythonString(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((item) => inner + python(item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([key, item]) => `${inner}${pythonString(key)}: ${python(item, inner)}`).join(',\n')}\n${indent}}`;
}

/** As Python's repr: single quotes, unless the text holds one and no double quote. */
function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/[\\\n\r\t]|[\x00-\x1f]/g, (char) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return quote + body.split(quote).join(`\\${quote}`) + quote;
}

describe('templates and parameter files read as az reads them', () => {
  const scanFolder = useTemplateFolders('aiscan-az-reads-');

  const templateJson = JSON.stringify(template, null, 2);
  const parameters = parameterFile.parameters as unknown as Json;
  let withParameters: Scan;
  beforeAll(async () => {
    withParameters = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': JSON.stringify(parameterFile, null, 2) });
  });

  it('the template alone passes; with its parameter file it has findings', async () => {
    const alone = await scanFolder({ 'main.json': templateJson });
    expect(alone.code).toBe(0);
    expect(alone.results).toEqual([]);
    expect(withParameters.results.map((result) => result.ruleId).sort()).toEqual(['AIS-AKS-001', 'AIS-AKS-007', 'AIS-AKS-010', 'AIS-AKS-011', 'AIS-GOV-001']);
  });

  it.each<[string, string]>([
    ['with no $schema', JSON.stringify({ parameters }, null, 2)],
    ['with no "parameters" around its values', JSON.stringify(parameters, null, 2)],
    ['written as a Python literal', python(parameterFile as unknown as Json)],
    ['written as a Python literal, with no "parameters" around its values', python(parameters)],
  ])('a parameter file %s is read with its template: the same findings', async (_how, content) => {
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': content });
    expect(scan.read).toEqual(withParameters.read);
    expect(scan.results).toEqual(withParameters.results);
  });

  it('--parameters FILE with no "parameters" around its values gives the values, not the defaults', async () => {
    const scan = await scanFolder({ 'main.json': templateJson, 'values.json': JSON.stringify(parameters) }, '--parameters', '{folder}/values.json');
    expect(scan.results.map((result) => result.ruleId)).toEqual(withParameters.results.map((result) => result.ruleId));
  });

  it('a template written as a Python literal: the same findings, on the same lines', async () => {
    const json = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': JSON.stringify(parameterFile, null, 2) });
    const literal = await scanFolder({ 'main.json': python(template as unknown as Json), 'main.parameters.json': python(parameterFile as unknown as Json) });
    expect(literal.read).toEqual(json.read);
    expect(literal.results).toEqual(json.results);
  });

  it('a template in parentheses, as Python reads one, is a template', async () => {
    const scan = await scanFolder({ 'main.json': `(${python(template as unknown as Json)})`, 'main.parameters.json': JSON.stringify(parameterFile) });
    expect(scan.results.map((result) => result.ruleId)).toEqual(withParameters.results.map((result) => result.ruleId));
  });

  it('a parameter file named for its template that cannot be read stops the scan: the template is not left to its defaults', async () => {
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': '{"name": {"value": "x"},,}' });
    expect({ code: scan.code, stderr: scan.stderr }).toEqual({ code: 2, stderr: 'aiscan: {folder}/main.parameters.json:1:25: invalid JSON: property name expected (a parameter file must be JSON, comments allowed)\n' });
  });

  it.each(['deploy.json', 'deploy.template'])('a template behind a # comment line (%s) is not passed over as "not JSON": it stops the scan', async (name) => {
    const scan = await scanFolder({ [name]: `# generated\n${python(template as unknown as Json)}` });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(new RegExp(`^aiscan: \\{folder\\}/${name.replace('.', '\\.')}:1:1: a file that is not JSON, which az reads as a Python literal, holds a # comment `));
  });

  it('a Python literal that is no template or parameter file is skipped, as a Markdown file is', async () => {
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': JSON.stringify(parameterFile), 'settings.json': "{'name': 'x', 'debug': True}", 'NOTES.md': '# notes\n\n{not json}\n' });
    expect(scan.code).toBe(0);
    expect(scan.results.map((result) => result.ruleId)).toEqual(withParameters.results.map((result) => result.ruleId));
  });

  it('what aiscan does not read of a Python literal stops the scan, and says where and why', async () => {
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': "{\n  # from the pipeline\n  'name': {'value': 'x'}\n}" });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe(
      'aiscan: {folder}/main.parameters.json:2:3: a parameter file that is not JSON, which az reads as a Python literal, holds a # comment (az strips // and /* */ comments only, and reads the rest of a # comment as code); aiscan does not read that: write the file as JSON\n',
    );
  });
});
