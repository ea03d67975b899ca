import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { readIndexedJson } from '../../src/json/indexed-json.js';
import { locateInFile } from '../../src/json/locate.js';
import { useTempDir } from '../helpers/temp.js';

const RESOURCES = new Set(['resources']);

describe('locating values in a file read in parts', () => {
  const tmp = useTempDir('aiscan-json-locate-');

  it('finds a property of one element from the index recorded on reading', () => {
    const file = tmp.write('estate.json', '{"resources": [\n  {"id": "/a", "x": 1},\n  {"id": "/b", "x": 2}\n]}');
    const { index } = readIndexedJson(file, 'an estate file', RESOURCES);
    expect(index?.arrays[0].starts).toHaveLength(2);
    expect(locateInFile(file, [['resources', 1, 'x']], index)).toEqual([{ startLine: 3, startColumn: 16, endLine: 3, endColumn: 22, path: ['resources', 1, 'x'], snippet: '"x": 2' }]);
  });

  it('does not use an index recorded for another version of the file: the file as it is now is walked', () => {
    const file = tmp.write('changed.json', '{"resources": [{"id": "/a"}, {"id": "/b", "x": 2}]}');
    const { index } = readIndexedJson(file, 'an estate file', RESOURCES);
    const { mtime } = statSync(file);
    writeFileSync(file, '{"resources": [\n{"id": "/a"},\n{"id": "/b", "x": 2}\n]}');
    utimesSync(file, mtime, mtime); // same time, another size
    expect(locateInFile(file, [['resources', 1, 'x']], index)).toMatchObject([{ startLine: 3, startColumn: 14, path: ['resources', 1, 'x'], snippet: '"x": 2' }]);
  });

  it('takes paths outside the array, and paths into it, in one call, in the order asked', () => {
    const file = tmp.write('mixed.json', '{"format": "f", "resources": [{"id": "/a"}]}');
    const { index } = readIndexedJson(file, 'an estate file', RESOURCES);
    expect(locateInFile(file, [['resources', 0, 'id'], ['format'], ['resources', 0, 'missing']], index).map((region) => region.snippet)).toEqual(['"id": "/a"', '"format": "f"', '{"id": "/a"}']);
  });
});
