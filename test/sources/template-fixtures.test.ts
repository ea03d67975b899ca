import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * The recorded ARM templates of test/fixtures/templates (its README.md says why and how to refresh
 * them): SOURCES.md lists every file with its source, each file is still what its source holds,
 * parses as JSON (comments allowed, trailing commas not) and has the schema of its role.
 */

const DIR = join('test', 'fixtures', 'templates');
/** The folder's own documents, not fixtures. */
const DOCUMENTS = ['README.md', 'SOURCES.md'];

/**
 * A template's `$schema`. `http` and a missing `#` occur in real templates (dsvm-vmss-gpu-lowpri)
 * and Azure accepts them.
 */
const TEMPLATE_SCHEMA =
  /^https?:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}(?:-preview)?\/(?:deploymentTemplate|subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate)\.json#?$/;
const PARAMETERS_SCHEMA = /^https?:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}(?:-preview)?\/deploymentParameters\.json#?$/;

const SHA1 = /^[0-9a-f]{40}$/;

/** One row of a fixture's table in SOURCES.md. */
interface Row {
  /** The file, relative to DIR: `<fixture>/<file>`. */
  file: string;
  role: string;
  repository: string;
  commit: string;
  blob: string;
}

/** The rows of every table headed `| File | …` under a `## <fixture>` heading of SOURCES.md. */
function sourceRows(): Row[] {
  const rows: Row[] = [];
  let fixture: string | undefined;
  let columns: string[] | undefined;
  for (const line of readFileSync(join(DIR, 'SOURCES.md'), 'utf8').split('\n')) {
    if (line.startsWith('#')) {
      fixture = /^## (\S+)$/.exec(line.trim())?.[1];
      columns = undefined;
      continue;
    }
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
    if (cells[0] === 'File') {
      columns = cells.map((cell) => cell.toLowerCase());
      continue;
    }
    if (!columns || !fixture || /^-+$/.test(cells[0])) continue;
    const header = columns;
    const cell = (name: string) => (cells[header.indexOf(name)] ?? '').replace(/^`|`$/g, '');
    rows.push({ file: `${fixture}/${cell('file')}`, role: cell('role'), repository: cell('repository'), commit: cell('commit'), blob: cell('git blob') });
  }
  return rows;
}

/** Every file under DIR but its own documents, as `<fixture>/<file>`. */
function filesOnDisk(): string[] {
  return readdirSync(DIR, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => !DOCUMENTS.includes(file) && statSync(join(DIR, file)).isFile())
    .sort();
}

/** What `git hash-object` prints for the file: its id as a git blob. */
function gitBlobId(file: string): string {
  const content = readFileSync(join(DIR, file));
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

const isHandWritten = (file: string) => /\.handwritten\.[^/]*$/.test(file);

/** `file:line:column message` for each error `jsonc-parser` reports, comments allowed and trailing commas not. */
function parseErrors(file: string): string[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.map(({ error, offset }) => {
    const before = text.slice(0, offset).split('\n');
    return `${file}:${before.length}:${before[before.length - 1].length + 1} ${printParseErrorCode(error)}`;
  });
}

const rows = sourceRows();

describe('the ARM template fixtures (test/fixtures/templates)', () => {
  it('are exactly the files SOURCES.md lists: each listed file exists and each file is listed once', () => {
    const listed = rows.map((row) => row.file).sort();
    expect(listed.filter((file, index) => listed.indexOf(file) !== index)).toEqual([]);
    expect(listed).toEqual(filesOnDisk());
  });

  it('include at least twelve templates, from at least five repositories', () => {
    expect(rows.filter((row) => row.role === 'template').length).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.filter((row) => !isHandWritten(row.file)).map((row) => row.repository)).size).toBeGreaterThanOrEqual(5);
  });

  it('are, byte for byte, the git blob SOURCES.md records, at a 40-hex commit of an owner/name repository', () => {
    const wrong = rows
      .filter((row) => !isHandWritten(row.file))
      .flatMap((row) => {
        const problems: string[] = [];
        if (!/^[\w.-]+\/[\w.-]+$/.test(row.repository)) problems.push(`repository ${JSON.stringify(row.repository)}`);
        if (!SHA1.test(row.commit)) problems.push(`commit ${JSON.stringify(row.commit)}`);
        if (!SHA1.test(row.blob)) problems.push(`git blob ${JSON.stringify(row.blob)}`);
        else if (gitBlobId(row.file) !== row.blob) problems.push(`content: git hash-object gives ${gitBlobId(row.file)}, SOURCES.md ${row.blob}`);
        return problems.map((problem) => `${row.file}: ${problem}`);
      });
    expect(wrong).toEqual([]);
  });

  it('name a hand-written file as such, and give it no upstream commit', () => {
    const handWritten = rows.filter((row) => isHandWritten(row.file));
    expect(handWritten.map((row) => row.file)).toEqual(['avm-managed-cluster/main.parameters.handwritten.json']);
    for (const row of handWritten) {
      expect(row.repository).toMatch(/hand-written/);
      expect(row.commit).not.toMatch(SHA1);
    }
  });

  it('parse as JSON, every .json file of the folder, comments allowed and trailing commas not', () => {
    expect(filesOnDisk().filter((file) => file.endsWith('.json')).flatMap(parseErrors)).toEqual([]);
  });

  it('have the $schema of their role: a deployment template schema for templates, the parameters schema for parameter files', () => {
    const wrong = rows.flatMap((row) => {
      const schema: unknown = parse(readFileSync(join(DIR, row.file), 'utf8'))?.$schema;
      const expected = row.role === 'template' ? TEMPLATE_SCHEMA : row.role === 'parameters' ? PARAMETERS_SCHEMA : undefined;
      if (!expected) return [`${row.file}: role ${JSON.stringify(row.role)} is neither template nor parameters`];
      return typeof schema === 'string' && expected.test(schema) ? [] : [`${row.file} (${row.role}): $schema ${JSON.stringify(schema)}`];
    });
    expect(wrong).toEqual([]);
  });
});
