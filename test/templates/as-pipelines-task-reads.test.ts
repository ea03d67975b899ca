import { avmParameterFile as parameterFile, avmTemplate as template, useTemplateFolders } from '../helpers/scan-template-folder.js';

/**
 * The Azure Pipelines task AzureResourceManagerTemplateDeployment@3 reads a template and its
 * parameter file itself: it tells UTF-16LE without a byte order mark by its NULs, strips comments
 * its own way (a `//` comment ends only at a line feed; a comment is cut out, joining what is on
 * either side), then JSON.parse. Where that leaves other values than az and Azure PowerShell read,
 * what is deployed depends on the tool, and aiscan stops rather than pass one reading.
 *
 * The template is the AVM managed cluster fixture with defaults given (here) to its two required
 * parameters; its parameter file turns local accounts on (AIS-AKS-007) among other findings.
 */

describe('templates and parameter files read as the Azure Pipelines task reads them', () => {
  const scanFolder = useTemplateFolders('aiscan-pipelines-reads-');

  const templateJson = JSON.stringify(template, null, 2);
  const parametersJson = JSON.stringify(parameterFile, null, 2);
  const localAccounts = '"disableLocalAccounts": {\n      "value": false\n    },';

  it('a value given twice, the second after a // comment ended by a carriage return alone: the task deploys the first, so the scan stops', async () => {
    expect(parametersJson).toContain(localAccounts);
    // JSON (az, ARM, JSON.NET) reads the comment to the carriage return and takes the last value; the task reads the comment to the line feed.
    const hidden = parametersJson.replace(localAccounts, '"disableLocalAccounts": {"value": false}, // reviewed\r"disableLocalAccounts": {"value": true},\n');
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': hidden });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe(
      'aiscan: {folder}/main.parameters.json:1:1: a parameter file whose comments the Azure Pipelines task (AzureResourceManagerTemplateDeployment@3) strips so that other values are left (it ends a // comment only at a line feed, and joins what is on either side of a comment); write it without comments\n',
    );
  });

  it('a template that is JSON only once the task has cut its comments out: the scan stops, it is not passed over', async () => {
    const joined = templateJson.replace('"contentVersion": "1.0.0.0"', '"contentVersion": "1.0.0.0", "metadata2": tr/* joined */ue');
    const scan = await scanFolder({ 'main.json': joined, 'main.parameters.json': parametersJson });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe(
      'aiscan: {folder}/main.json:1:1: a file that is not JSON, but that the Azure Pipelines task (AzureResourceManagerTemplateDeployment@3) reads, when az and Azure PowerShell read nothing, once it has stripped its comments (it ends a // comment only at a line feed, and joins what is on either side of a comment); write the file as JSON\n',
    );
  });

  it('a second $schema hidden from the task by a // comment ended by a carriage return alone: not passed over as "not a template"', async () => {
    // JSON reads the last $schema (no deployment's), the task the first: it deploys the file as a template.
    const hidden = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", // the schema\r"$schema": "https://json-schema.org/draft-07/schema",\n "contentVersion": "1.0.0.0", "resources": []}`;
    const scan = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': parametersJson, 'storage.json': hidden });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toBe(
      'aiscan: {folder}/storage.json:1:1: a file whose comments the Azure Pipelines task (AzureResourceManagerTemplateDeployment@3) strips so that other values are left (it ends a // comment only at a line feed, and joins what is on either side of a comment); write it without comments\n',
    );
  });

  it('comments the task reads as az does change nothing', async () => {
    const json = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': parametersJson });
    // On the same lines: a line feed after the carriage return ends the // comment for every tool.
    const commented = await scanFolder({ 'main.json': templateJson.replace('"contentVersion": "1.0.0.0",', '"contentVersion": "1.0.0.0", /* reviewed */ // the version\r'), 'main.parameters.json': parametersJson });
    expect(commented.code).toBe(0);
    expect(commented.results).toEqual(json.results);
  });

  describe('a parameter file without "parameters", which the task does not read', () => {
    // Local accounts on by default; the parameter file turns them off.
    const insecureDefaults = JSON.parse(templateJson) as typeof template;
    insecureDefaults.parameters.disableLocalAccounts.defaultValue = false;
    const values = { name: parameterFile.parameters.name, primaryAgentPoolProfiles: parameterFile.parameters.primaryAgentPoolProfiles, disableLocalAccounts: { value: true } };

    it("the template is evaluated with the file's values, as az and Azure PowerShell deploy it, and with its defaults, as the task does", async () => {
      const wrapped = await scanFolder({ 'main.json': JSON.stringify(insecureDefaults, null, 2), 'main.parameters.json': JSON.stringify({ parameters: values }, null, 2) });
      expect(wrapped.results.map((result) => result.ruleId)).not.toContain('AIS-AKS-007');
      const bare = await scanFolder({ 'main.json': JSON.stringify(insecureDefaults, null, 2), 'main.parameters.json': JSON.stringify(values, null, 2) });
      expect(bare.code).toBe(0);
      expect(bare.results.map((result) => result.ruleId)).toContain('AIS-AKS-007');
      expect(bare.stdout).toContain(
        'main.parameters.json: has no "parameters" around its values, so the Azure Pipelines task deploys main.json with its defaults (az and Azure PowerShell with its values): it is evaluated both ways',
      );
    });

    it('a template that its defaults leave without a value is not deployed by the task: that evaluation is left out, and said so', async () => {
      const required = JSON.parse(templateJson) as typeof template;
      delete required.parameters.name.defaultValue;
      const scan = await scanFolder({ 'main.json': JSON.stringify(required, null, 2), 'main.parameters.json': JSON.stringify(values, null, 2) });
      expect(scan.code).toBe(0);
      expect(scan.stdout).toContain('main.parameters.json: has no "parameters" around its values, so the Azure Pipelines task deploys main.json with its defaults, and ARM would refuse that deployment (no value for "name"): it is not evaluated');
    });
  });

  it('a template and parameter file in UTF-16LE without a byte order mark, which the task reads: the same findings, at the same places', async () => {
    const json = await scanFolder({ 'main.json': templateJson, 'main.parameters.json': parametersJson });
    const utf16 = await scanFolder({ 'main.json': Buffer.from(templateJson, 'utf16le'), 'main.parameters.json': Buffer.from(parametersJson, 'utf16le') });
    expect(utf16.code).toBe(0);
    expect(utf16.results).toEqual(json.results);
    expect(json.results.map((result) => result.ruleId)).toContain('AIS-AKS-007');
  });
});
