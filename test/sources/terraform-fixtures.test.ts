import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles, gitBlobId } from '../helpers/fixture-files.js';

/**
 * The recorded Terraform plans and configurations of test/fixtures/terraform: SOURCES.md lists
 * every file with its source, each file is still what its source holds, and each plan is
 * `terraform show -json` output.
 */

const DIR = join('test', 'fixtures', 'terraform');
/** The folder's own documents, not fixtures. */
const DOCUMENTS = ['SOURCES.md'];

const SHA1 = /^[0-9a-f]{40}$/;

/** One row of a `| here | … |` table of SOURCES.md. */
interface Row {
  /** The file, relative to DIR. */
  file: string;
  /** `owner/name`, from the `Repository https://github.com/owner/name` line above the table. */
  repository: string;
  path: string;
  commit: string;
  blob: string;
  bytes: number;
}

/**
 * The rows of every table of SOURCES.md headed `| here | path in the repository | commit | git blob | bytes |`,
 * each with the repository its section names.
 */
function sourceRows(): Row[] {
  const rows: Row[] = [];
  let columns: string[] | undefined;
  let repository = '';
  for (const line of readFileSync(join(DIR, 'SOURCES.md'), 'utf8').split('\n')) {
    if (line.startsWith('## ')) repository = '';
    repository = /^Repository https:\/\/github\.com\/([^\s,]+?)[.,]?(?:\s|$)/.exec(line)?.[1] ?? repository;
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
    if (cells[0] === 'here') {
      columns = cells;
      continue;
    }
    if (!columns || /^-+$/.test(cells[0])) continue;
    const header = columns;
    const cell = (name: string) => (cells[header.indexOf(name)] ?? '').replace(/^`|`$/g, '');
    rows.push({
      file: cell('here'),
      repository,
      path: cell('path in the repository'),
      commit: cell('commit'),
      blob: cell('git blob'),
      bytes: Number(cell('bytes')),
    });
  }
  return rows;
}

const rows = sourceRows();
/** Every .json file but an ARM template a configuration deploys (`azurerm_resource_group_template_deployment`). */
const plans = rows.filter((row) => row.file.endsWith('.json') && !/"\$schema":\s*"[^"]*deploymentTemplate\.json#"/.test(readFileSync(join(DIR, row.file), 'utf8')));

describe('the Terraform fixtures (test/fixtures/terraform)', () => {
  it('are exactly the files SOURCES.md lists: each listed file exists and each file is listed once', () => {
    const listed = rows.map((row) => row.file).sort();
    expect(listed.filter((file, index) => listed.indexOf(file) !== index)).toEqual([]);
    expect(listed).toEqual(fixtureFiles(DIR, DOCUMENTS));
  });

  it('are, byte for byte, the git blob SOURCES.md records, at a 40-hex commit of an owner/name repository, with the recorded size', () => {
    const wrong = rows.flatMap((row) => {
      const problems: string[] = [];
      if (!/^[\w.-]+\/[\w.-]+$/.test(row.repository)) problems.push(`repository ${JSON.stringify(row.repository)}`);
      if (!row.path) problems.push('no path in the repository');
      if (!SHA1.test(row.commit)) problems.push(`commit ${JSON.stringify(row.commit)}`);
      if (!SHA1.test(row.blob)) problems.push(`git blob ${JSON.stringify(row.blob)}`);
      else {
        const content = readFileSync(join(DIR, row.file));
        if (gitBlobId(content) !== row.blob) problems.push(`content: git hash-object gives ${gitBlobId(content)}, SOURCES.md ${row.blob}`);
        if (content.length !== row.bytes) problems.push(`${content.length} bytes, SOURCES.md ${row.bytes}`);
      }
      return problems.map((problem) => `${row.file}: ${problem}`);
    });
    expect(wrong).toEqual([]);
  });

  it('include at least six plans, from at least three repositories, and at least four configurations without a plan', () => {
    expect(plans.length).toBeGreaterThanOrEqual(6);
    expect(new Set(plans.map((row) => row.repository)).size).toBeGreaterThanOrEqual(3);
    const withPlan = new Set(plans.map((row) => row.file.split('/')[0]));
    const configurations = new Set(rows.map((row) => row.file.split('/')[0]).filter((fixture) => !withPlan.has(fixture)));
    expect(configurations.size).toBeGreaterThanOrEqual(4);
  });

  it('have, for every .json file, the top-level keys of `terraform show -json` and azurerm resource changes', () => {
    const wrong = plans.flatMap((row) => {
      const plan = JSON.parse(readFileSync(join(DIR, row.file), 'utf8')) as Record<string, unknown>;
      const missing = ['format_version', 'terraform_version', 'planned_values', 'resource_changes', 'configuration'].filter((key) => !(key in plan));
      const changes = Array.isArray(plan.resource_changes) ? (plan.resource_changes as { type?: unknown }[]) : [];
      const azurerm = changes.some((change) => typeof change.type === 'string' && change.type.startsWith('azurerm_'));
      return [...missing.map((key) => `${row.file}: no ${key}`), ...(azurerm ? [] : [`${row.file}: no azurerm resource change`])];
    });
    expect(wrong).toEqual([]);
  });
});
