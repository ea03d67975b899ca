import type { JsonPath } from '../../src/estate.js';
import { locateJsonPaths } from '../../src/json/json-offsets.js';

/** Each path's span as the path found and the text it covers. */
function located(text: string, paths: JsonPath[], ignoreCase?: boolean) {
  const bytes = Buffer.from(text, 'utf8');
  return locateJsonPaths(bytes, paths, undefined, ignoreCase === undefined ? undefined : { ignoreCase }).map((span) => ({
    path: span.path,
    text: bytes.toString('utf8', span.start.offset, span.end.offset),
  }));
}

describe('locating JSON paths with keys matched ignoring ASCII case', () => {
  it('matches keys exactly by default', () => {
    expect(located('{"Name": 1}', [['name']])).toEqual([{ path: [], text: '{"Name": 1}' }]);
    expect(located('{"Name": 1}', [['name']], false)).toEqual([{ path: [], text: '{"Name": 1}' }]);
  });

  it('takes a key spelled in another case, at any depth, and reports the path as asked', () => {
    const text = '{"Properties": {"HardwareProfile": {"VMSize": "Standard_NC6"}}}';
    expect(located(text, [['properties', 'hardwareProfile', 'vmSize']], true)).toEqual([{ path: ['properties', 'hardwareProfile', 'vmSize'], text: '"VMSize": "Standard_NC6"' }]);
  });

  it('prefers the exact spelling wherever it stands in the object', () => {
    expect(located('{"name": 1, "NAME": 2}', [['name']], true)).toEqual([{ path: ['name'], text: '"name": 1' }]);
    expect(located('{"NAME": 2, "name": 1}', [['name']], true)).toEqual([{ path: ['name'], text: '"name": 1' }]);
    expect(located('{"name": 1, "Name": 2, "name": 3}', [['name']], true)).toEqual([{ path: ['name'], text: '"name": 3' }]);
  });

  it('takes the last of several other spellings, as JSON.parse takes the last of a repeated key', () => {
    expect(located('{"NAME": 1, "Name": 2}', [['name']], true)).toEqual([{ path: ['name'], text: '"Name": 2' }]);
  });

  it('forgets what it found below another spelling once the exact one comes', () => {
    expect(located('{"Tags": {"a": 1}, "tags": {}}', [['tags', 'a']], true)).toEqual([{ path: ['tags'], text: '"tags": {}' }]);
  });

  it('lets paths spelled differently meet at one key', () => {
    const text = '{"NAME": {"x": 1, "y": 2}, "z": 3}';
    expect(located(text, [['name', 'x'], ['Name', 'Y'], ['z']], true)).toEqual([
      { path: ['name', 'x'], text: '"x": 1' },
      { path: ['Name', 'Y'], text: '"y": 2' },
      { path: ['z'], text: '"z": 3' },
    ]);
    expect(located('{"name": 1}', [['Name'], ['name']], true)).toEqual([
      { path: ['Name'], text: '"name": 1' },
      { path: ['name'], text: '"name": 1' },
    ]);
  });

  it('folds ASCII letters only, in plain and in escaped keys', () => {
    expect(located('{"Größe": 1}', [['GRÖSSE'], ['grÖße'], ['GRöße']], true).map((span) => span.path)).toEqual([[], [], ['GRöße']]);
    expect(located('{"N\\u0041me": 1}', [['name']], true)).toEqual([{ path: ['name'], text: '"N\\u0041me": 1' }]);
    expect(located('{"n\\u0061me": 1, "NAME": 2}', [['name']], true)).toEqual([{ path: ['name'], text: '"n\\u0061me": 1' }]);
  });

  it('leaves array indexes, and object keys that name them, as they were', () => {
    expect(located('{"A": [{"B": 1}, {"b": 2}]}', [['a', 1, 'B']], true)).toEqual([{ path: ['a', 1, 'B'], text: '"b": 2' }]);
    expect(located('{"A": {"0": {"B": 1}}}', [['a', 0, 'b']], true)).toEqual([{ path: ['a', 0, 'b'], text: '"B": 1' }]);
  });
});
