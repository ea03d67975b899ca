import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles, gitBlobId } from '../helpers/fixture-files.js';

/**
 * The Kubernetes manifests of test/fixtures/kubernetes: SOURCES.md lists every file, each copied
 * file is still, byte for byte, the git blob its source repository holds, and only files named
 * `handwritten` were written here.
 */

const DIR = join('test', 'fixtures', 'kubernetes');
/** The folder's own documents, not fixtures. */
const DOCUMENTS = ['SOURCES.md'];

const SHA1 = /^[0-9a-f]{40}$/;

/** A row of a source table: `| here | path in the repository | commit | git blob | bytes | what it exercises |`. */
interface SourceRow {
  /** The file, relative to DIR. */
  file: string;
  /** The `## ` heading the table is under: the fixture folder's name. */
  section: string;
  /** `owner/name`, from the `Repository https://github.com/owner/name, licence X.` line of the section. */
  repository: string;
  licence: string;
  path: string;
  commit: string;
  blob: string;
  /** The bytes cell as written, so a malformed one is reported rather than read as NaN. */
  bytes: string;
  what: string;
}

/** A row of the `| here | what it exercises |` table of the hand-written section. */
interface HandwrittenRow {
  file: string;
  what: string;
}

const SOURCE_COLUMNS = ['here', 'path in the repository', 'commit', 'git blob', 'bytes', 'what it exercises'];
const HANDWRITTEN_COLUMNS = ['here', 'what it exercises'];

/** A table row's cells, trimmed, with one pair of surrounding backticks removed. */
function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1'));
}

function parseSources(text: string): { sources: SourceRow[]; handwritten: HandwrittenRow[]; problems: string[] } {
  const sources: SourceRow[] = [];
  const handwritten: HandwrittenRow[] = [];
  const problems: string[] = [];
  let section = '';
  let repository = '';
  let licence = '';
  let table: 'source' | 'handwritten' | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      section = heading[1].trim();
      repository = '';
      licence = '';
    }
    const origin = /^Repository https:\/\/github\.com\/([^\s,]+), licence ([^\s.]+(?:\.[^\s.]+)*)\.\s*$/.exec(line);
    if (origin) {
      repository = origin[1];
      licence = origin[2];
    }
    if (!line.startsWith('|')) {
      table = undefined;
      continue;
    }
    const cells = cellsOf(line);
    if (cells[0] === 'here') {
      const header = cells.join('|');
      if (header === SOURCE_COLUMNS.join('|')) table = 'source';
      else if (header === HANDWRITTEN_COLUMNS.join('|')) table = 'handwritten';
      else problems.push(`line ${index + 1}: unknown table header ${JSON.stringify(line)}`);
      continue;
    }
    if (cells.every((cell) => /^-+$/.test(cell))) continue;
    if (table === 'source') {
      if (cells.length !== SOURCE_COLUMNS.length) problems.push(`line ${index + 1}: ${cells.length} cells, not ${SOURCE_COLUMNS.length}`);
      const [file, path, commit, blob, bytes, what] = cells;
      sources.push({ file, section, repository, licence, path, commit, blob, bytes, what: what ?? '' });
    } else if (table === 'handwritten') {
      if (cells.length !== HANDWRITTEN_COLUMNS.length) problems.push(`line ${index + 1}: ${cells.length} cells, not ${HANDWRITTEN_COLUMNS.length}`);
      handwritten.push({ file: cells[0], what: cells[1] ?? '' });
    } else {
      problems.push(`line ${index + 1}: a table row outside a known table`);
    }
  }
  return { sources, handwritten, problems };
}

/** What is wrong with one source row, given the content of its file (undefined when it is missing). */
function sourceRowProblems(row: SourceRow, content: Buffer | undefined): string[] {
  const problems: string[] = [];
  if (!/^[\w.-]+\/[\w.-]+$/.test(row.repository)) problems.push(`repository ${JSON.stringify(row.repository)}`);
  if (!row.licence) problems.push('no licence');
  if (!row.path) problems.push('no path in the repository');
  if (!row.what) problems.push('no "what it exercises"');
  if (!row.file.startsWith(`${row.section}/`)) problems.push(`not in the folder of its section ${JSON.stringify(row.section)}`);
  if (row.file.includes('handwritten')) problems.push('a copied file must not be named handwritten');
  if (!SHA1.test(row.commit)) problems.push(`commit ${JSON.stringify(row.commit)} is not 40 lowercase hex`);
  if (!SHA1.test(row.blob)) problems.push(`git blob ${JSON.stringify(row.blob)} is not 40 lowercase hex`);
  if (!/^[1-9][0-9]*$/.test(row.bytes)) problems.push(`bytes ${JSON.stringify(row.bytes)}`);
  if (content === undefined) problems.push('no such file');
  else {
    const id = gitBlobId(content);
    if (id !== row.blob) problems.push(`content: git hash-object gives ${id}, SOURCES.md ${row.blob}`);
    if (String(content.length) !== row.bytes) problems.push(`${content.length} bytes, SOURCES.md ${row.bytes}`);
  }
  return problems.map((problem) => `${row.file}: ${problem}`);
}

function contentOf(file: string): Buffer | undefined {
  const path = join(DIR, file);
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path) : undefined;
}

const { sources, handwritten, problems: tableProblems } = parseSources(readFileSync(join(DIR, 'SOURCES.md'), 'utf8'));

describe('the Kubernetes fixtures (test/fixtures/kubernetes)', () => {
  it('have a SOURCES.md whose tables all parse', () => {
    expect(tableProblems).toEqual([]);
    expect(sources.length).toBeGreaterThan(0);
  });

  it('are exactly the files SOURCES.md lists, in a source table or the hand-written one, each once', () => {
    const listed = [...sources.map((row) => row.file), ...handwritten.map((row) => row.file)].sort();
    expect(listed.filter((file, index) => listed.indexOf(file) !== index)).toEqual([]);
    expect(listed).toEqual(fixtureFiles(DIR, DOCUMENTS));
  });

  it('are, byte for byte, the git blob SOURCES.md records, with its size, at a 40-hex commit of a licensed repository', () => {
    expect(sources.flatMap((row) => sourceRowProblems(row, contentOf(row.file)))).toEqual([]);
  });

  it('list hand-written files only under a name that says handwritten, and each exists', () => {
    const wrong = handwritten.flatMap((row) => [
      ...(row.file.includes('handwritten') ? [] : [`${row.file}: not named handwritten`]),
      ...(contentOf(row.file) === undefined ? [`${row.file}: no such file`] : []),
      ...(row.what ? [] : [`${row.file}: no "what it exercises"`]),
    ]);
    expect(wrong).toEqual([]);
  });

  it('include a JSON `kind: List` with items', () => {
    const lists = [...sources, ...handwritten]
      .filter((row) => row.file.endsWith('.json'))
      .map((row) => JSON.parse(readFileSync(join(DIR, row.file), 'utf8')) as { kind?: unknown; items?: unknown })
      .filter((document) => document.kind === 'List' && Array.isArray(document.items) && document.items.length > 0);
    expect(lists.length).toBeGreaterThan(0);
  });

  it('catch a changed byte, a wrong size and a malformed id (the check can fail)', () => {
    const row = sources[0];
    const content = contentOf(row.file);
    expect(content).toBeDefined();
    expect(sourceRowProblems(row, content)).toEqual([]);
    const altered = Buffer.from(content as Buffer);
    altered[0] ^= 1;
    expect(sourceRowProblems(row, altered).join('\n')).toMatch(/content: git hash-object gives/);
    expect(sourceRowProblems(row, Buffer.concat([content as Buffer, Buffer.from('\n')])).join('\n')).toMatch(/bytes, SOURCES\.md/);
    expect(sourceRowProblems({ ...row, commit: row.commit.toUpperCase() }, content).join('\n')).toMatch(/commit .* is not 40 lowercase hex/);
    expect(sourceRowProblems({ ...row, blob: row.blob.slice(1) }, content).join('\n')).toMatch(/git blob .* is not 40 lowercase hex/);
    expect(sourceRowProblems(row, undefined).join('\n')).toMatch(/no such file/);
  });
});
