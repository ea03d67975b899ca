import { mkdirSync, writeFileSync } from 'node:fs';
import { expandInputGlobs, expandPattern, matchesSegment } from '../../src/action/file-globs.js';
import { readInputs } from '../../src/action/inputs.js';
import { useTempDir } from '../helpers/temp.js';

describe('file patterns in the action inputs', () => {
  const tmp = useTempDir('aiscan-globs-');

  beforeAll(() => {
    for (const dir of ['estate', 'estate/old', 'infra/a', 'infra/b', 'infra/.hidden']) mkdirSync(tmp.path(dir), { recursive: true });
    for (const file of ['estate/b.json', 'estate/a.json', 'estate/notes.txt', 'estate/.draft.json', 'estate/old/z.json', 'infra/a/main.bicep', 'infra/b/main.bicep', 'infra/.hidden/main.bicep', 'lit*.json']) {
      writeFileSync(tmp.path(file), '{}');
    }
  });

  it.each([
    ['*', 'abc', true],
    ['a*c', 'abc', true],
    ['a*c', 'abd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*.json', '.draft.json', false],
    ['.*.json', '.draft.json', true],
    ['*a*a*a*a*b', 'a'.repeat(200), false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesSegment(pattern, name)).toBe(expected);
  });

  it('expand * and ? within one folder level, in name order, files and folders alike', () => {
    expect(expandPattern('estate/*.json', tmp.path())).toEqual(['estate/a.json', 'estate/b.json']);
    expect(expandPattern('estate/?.json', tmp.path())).toEqual(['estate/a.json', 'estate/b.json']);
    expect(expandPattern('./estate/*', tmp.path())).toEqual(['estate/a.json', 'estate/b.json', 'estate/notes.txt', 'estate/old']);
    expect(expandPattern('infra/*/main.bicep', tmp.path())).toEqual(['infra/a/main.bicep', 'infra/b/main.bicep']);
    expect(expandPattern(tmp.path('estate', '*.json'), '/')).toEqual([tmp.path('estate', 'a.json'), tmp.path('estate', 'b.json')]);
  });

  it('leave a path without a wildcard, or that exists as written, as it is', () => {
    expect(expandPattern('missing.json', tmp.path())).toEqual(['missing.json']);
    expect(expandPattern('lit*.json', tmp.path())).toEqual(['lit*.json']);
  });

  it('give nothing for a pattern that matches nothing', () => {
    expect(expandPattern('estate/*.yaml', tmp.path())).toEqual([]);
    expect(expandPattern('estate/*.json/x', tmp.path())).toEqual([]);
  });

  it('in snapshot, paths and rules; a pattern matching nothing names its input', () => {
    const inputs = readInputs({ INPUT_SNAPSHOT: 'estate/*.json', INPUT_PATHS: 'infra/*', INPUT_RULES: 'infra/a' });
    expect(expandInputGlobs(inputs, tmp.path())).toMatchObject({ snapshots: ['estate/a.json', 'estate/b.json'], paths: ['infra/a', 'infra/b'], rules: ['infra/a'] });
    expect(() => expandInputGlobs(readInputs({ INPUT_SNAPSHOT: 'estate/*.yaml' }), tmp.path())).toThrow(/^snapshot: "estate\/\*\.yaml" matches no file in /);
    expect(() => expandInputGlobs(readInputs({ INPUT_PATHS: 'nope/*' }), tmp.path())).toThrow(/^paths: /);
  });
});
