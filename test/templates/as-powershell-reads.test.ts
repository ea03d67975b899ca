import { avmParameterFile as parameterFile, avmTemplate as template, useTemplateFolders, type FolderScan } from '../helpers/scan-template-folder.js';

/**
 * `New-AzResourceGroupDeployment -TemplateFile main.json -TemplateParameterFile …` reads both files
 * with JSON.NET (Az.Resources' JsonExtensions.FromJson and TemplateUtility), which reads more than
 * JSON: names without quotes, single quotes, comments, trailing commas, and nothing of what follows
 * the object (a text that ends early has its objects closed), in UTF-32 too. Such a file deploys;
 * aiscan skipped it as "not valid JSON", or stopped on it, and now reads it as JSON.NET does
 * (src/json/json-net.ts).
 *
 * The template is the AVM managed cluster fixture with defaults given (here) to its two required
 * parameters; its parameter file turns a clean scan into findings (as in as-az-reads.test.ts).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `value` as JSON.stringify(value, null, 2) lays it out, in what JSON.NET reads beyond JSON: single
 * quotes, a trailing comma and a `//` comment after each last item. Lines and columns are JSON's,
 * but for strings that hold quotes.
 */
function jsonNet(value: Json, options: { bareNames?: boolean } = {}, indent = ''): string {
  if (typeof value === 'string') return singleQuoted(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value.map((item) => jsonNet(item, options, inner)) : Object.entries(value).map(([key, item]) => `${name(key, options)}: ${jsonNet(item, options, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? open + close : `${open}\n${items.map((item) => inner + item).join(',\n')}, // last\n${indent}${close}`;
}

function name(key: string, options: { bareNames?: boolean }): string {
  return options.bareNames && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : singleQuoted(key);
}

function singleQuoted(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** `text` in UTF-32 after its byte order mark, as .NET's Encoding.UTF32 writes it. */
function utf32(text: string, order: 'le' | 'be'): Buffer {
  const codes = [0xfeff, ...[...text].map((char) => char.codePointAt(0)!)];
  const bytes = Buffer.alloc(codes.length * 4);
  codes.forEach((code, index) => (order === 'le' ? bytes.writeUInt32LE(code, index * 4) : bytes.writeUInt32BE(code, index * 4)));
  return bytes;
}

describe('templates and parameter files read as Azure PowerShell reads them', () => {
  const scanFolder = useTemplateFolders('aiscan-powershell-reads-');

  const templateJson = JSON.stringify(template, null, 2);
  const parametersJson = JSON.stringify(parameterFile, null, 2);
  let asJson: FolderScan;
  beforeAll(async () => {
    asJson = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': parametersJson });
  });

  const ruleIds = (scan: FolderScan) => scan.results.map((result) => result.ruleId);
  const startLines = (scan: FolderScan) => scan.results.map((result) => (result.region as { startLine: number }).startLine);

  it('the template with its parameter file has findings', () => {
    expect(asJson.code).toBe(0);
    expect([...ruleIds(asJson)].sort()).toEqual(['AIS-AKS-001', 'AIS-AKS-007', 'AIS-AKS-010', 'AIS-AKS-011', 'AIS-GOV-001']);
  });

  it('a template and parameter file in single quotes, with trailing commas and comments: the same findings, at the same places', async () => {
    const scan = await scanFolder({ 'main.json': jsonNet(template as unknown as Json), 'main.parameters.json': jsonNet(parameterFile as unknown as Json) });
    expect(scan.read).toEqual(asJson.read);
    expect(scan.results).toEqual(asJson.results);
  });

  it('names without quotes, $schema among them, are read: the template is not passed over', async () => {
    const scan = await scanFolder({ 'main.json': jsonNet(template as unknown as Json, { bareNames: true }), 'main.parameters.json': jsonNet(parameterFile as unknown as Json, { bareNames: true }) });
    expect(scan.read).toEqual(asJson.read);
    expect(ruleIds(scan)).toEqual(ruleIds(asJson));
    expect(startLines(scan)).toEqual(startLines(asJson));
  });

  it.each<[string, (text: string) => string]>([
    ['text after the template (a merge conflict left in it), which JSON.NET does not read', (text) => `${text}\n<<<<<<< HEAD\n}}} not json`],
    ['a template cut short after its last value, whose objects JSON.NET closes', (text) => text.replace(/\}\s*$/, '').replace(/\]\s*\}\s*\]\s*$/, ']')],
  ])('%s: the same findings, at the same places', async (_how, edit) => {
    const text = edit(templateJson);
    expect(() => JSON.parse(text)).toThrow();
    const scan = await scanFolder({ 'main.json': text, 'main.parameters.json': parametersJson });
    expect(scan.read).toEqual(asJson.read);
    expect(scan.results).toEqual(asJson.results);
  });

  it('a template and parameter file in UTF-32, which .NET reads by its byte order mark: the same findings, at the same places', async () => {
    const scan = await scanFolder({ 'main.json': utf32(templateJson, 'le'), 'main.parameters.json': utf32(parametersJson, 'be') });
    expect(scan.read).toEqual(asJson.read);
    expect(scan.results).toEqual(asJson.results);
  });

  it('what aiscan does not read of such a file stops the scan, and says where and why', async () => {
    const text = templateJson.replace('"contentVersion": "1.0.0.0"', '"contentVersion": NaN');
    const scan = await scanFolder({ 'main.json': text, 'main.parameters.json': parametersJson });
    const line = text.split('\n').findIndex((row) => row.includes('NaN')) + 1;
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe(
      `aiscan: {folder}/main.json:${line}:21: a file that is not JSON, which Azure PowerShell reads with JSON.NET, holds NaN, which JSON.NET writes to ARM as a string; aiscan does not read that: write the file as JSON\n`,
    );
  });

  it('a file that neither az nor Azure PowerShell can read is skipped: nobody deploys it', async () => {
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': parametersJson, 'cookiecutter.json': '{{ cookiecutter.template | tojson }}\n' });
    expect(scan.code).toBe(0);
    expect(scan.results).toEqual(asJson.results);
  });
});
