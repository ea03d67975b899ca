import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { readIndexedJson } from '../../src/json/indexed-json.js';
import { FileLocator, locateInFile } from '../../src/json/locate.js';
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

  it('ends each string at its closing quote however many backslashes stand before quotes inside it', () => {
    // Values whose text holds \" and runs of \\ right before a quote: an odd run escapes the quote, an even one does not.
    const tricky = ['a\\', 'b"', '\\"', 'c\\\\', '"]}', '\\\\"{'];
    const resources = tricky.map((name, i) => ({ id: `/r${i}`, name, x: i }));
    const text = `{"resources": [\n${resources.map((resource) => JSON.stringify(resource)).join(',\n')}\n]}`;
    const file = tmp.write('escapes.json', text);
    const { value, index } = readIndexedJson(file, 'an estate file', RESOURCES);
    expect(value).toEqual({ resources });
    expect(index?.arrays[0].lines).toEqual(resources.map((_, i) => i + 2));
    const regions = locateInFile(file, resources.map((_, i) => ['resources', i, 'x']), index);
    expect(regions.map((region) => [region.startLine, region.snippet])).toEqual(resources.map((_, i) => [i + 2, `"x":${i}`]));
  });

  it('takes paths outside the array, and paths into it, in one call, in the order asked', () => {
    const file = tmp.write('mixed.json', '{"format": "f", "resources": [{"id": "/a"}]}');
    const { index } = readIndexedJson(file, 'an estate file', RESOURCES);
    expect(locateInFile(file, [['resources', 0, 'id'], ['format'], ['resources', 0, 'missing']], index).map((region) => region.snippet)).toEqual(['"id": "/a"', '"format": "f"', '{"id": "/a"}']);
  });
});

describe('locating values with keys matched ignoring ASCII case', () => {
  const tmp = useTempDir('aiscan-json-locate-case-');

  it('passes the option through FileLocator, and leaves exact matching the default', () => {
    const text = '{\n  "Properties": {"VmSize": "NC6"}\n}';
    expect(new FileLocator(text).region(['properties', 'vmSize'])).toMatchObject({ path: [], startLine: 1 });
    expect(new FileLocator(text, { ignoreCase: true }).region(['properties', 'vmSize'])).toMatchObject({ path: ['properties', 'vmSize'], startLine: 2, startColumn: 18, snippet: '"VmSize": "NC6"' });
  });

  it('passes the option through locateInFile, with and without the index recorded on reading', () => {
    const file = tmp.write('estate.json', '{"Format": "f", "resources": [\n  {"id": "/a", "X": 1},\n  {"id": "/b", "X": 2}\n]}');
    const { index } = readIndexedJson(file, 'an estate file', RESOURCES);
    expect(index).toBeDefined();
    const paths = [['resources', 1, 'x'], ['format']];
    expect(locateInFile(file, paths, index, { ignoreCase: true }).map((region) => [region.startLine, region.snippet])).toEqual([
      [3, '"X": 2'],
      [1, '"Format": "f"'],
    ]);
    expect(locateInFile(file, paths, undefined, { ignoreCase: true }).map((region) => region.snippet)).toEqual(['"X": 2', '"Format": "f"']);
    expect(locateInFile(file, paths, index).map((region) => region.path)).toEqual([['resources', 1], []]);
  });
});
