import { actionOutputs, githubOutputText, OUTPUTS, verdictOf } from '../../src/action/outputs.js';
import { parseGithubOutputFile } from './github-output-file.js';

describe('the action outputs', () => {
  it.each([
    [0, 'pass'],
    [1, 'fail'],
    [2, 'error'],
    [3, 'incomplete'],
    [4, 'error'],
    [130, 'error'],
    [143, 'error'],
  ])('exit %i is the verdict %s', (code, verdict) => {
    expect(verdictOf(code)).toBe(verdict);
  });

  it('are the exit code and verdict, the SARIF and the counts with their total when the reports were written', () => {
    const counts = { critical: 1, high: 30, medium: 23, low: 9, info: 0 };
    expect(actionOutputs(1, '/w/reports/aiscan.sarif', counts, '/a/dist/bin/aiscan.js')).toEqual([
      ['exit-code', '1'],
      ['verdict', 'fail'],
      ['cli', '/a/dist/bin/aiscan.js'],
      ['sarif-file', '/w/reports/aiscan.sarif'],
      ['critical', '1'],
      ['high', '30'],
      ['medium', '23'],
      ['low', '9'],
      ['info', '0'],
      ['total', '63'],
    ]);
    expect(actionOutputs(2, undefined, undefined, '/a/dist/bin/aiscan.js')).toEqual([
      ['exit-code', '2'],
      ['verdict', 'error'],
      ['cli', '/a/dist/bin/aiscan.js'],
    ]);
  });

  it('name every output of action.yml, with an Azure variable name of letters only', () => {
    expect(Object.keys(OUTPUTS).sort()).toEqual(['cli', 'critical', 'exit-code', 'high', 'info', 'low', 'medium', 'sarif-file', 'total', 'verdict']);
    for (const name of Object.values(OUTPUTS)) expect(name).toMatch(/^[a-zA-Z]+$/);
  });
});

describe('$GITHUB_OUTPUT', () => {
  it('holds one line per value on one line', () => {
    expect(githubOutputText([['exit-code', '1'], ['sarif-file', '/w/a=b/aiscan.sarif']])).toBe('exit-code=1\nsarif-file=/w/a=b/aiscan.sarif\n');
    expect(parseGithubOutputFile(githubOutputText([['sarif-file', '/w/a<<b=c/aiscan.sarif']])).get('sarif-file')).toBe('/w/a<<b=c/aiscan.sarif');
  });

  it.each([
    ['a line break and another output', '/w/reports\nverdict=pass'],
    ['a CR', '/w/reports\rverdict=pass'],
    ['a heredoc of its own', 'x\nverdict<<EOF\npass\nEOF'],
    ['a delimiter-looking line', 'x\nghadelimiter_0\nverdict=pass'],
  ])('never lets a value with %s set another output', (_, value) => {
    const text = githubOutputText([
      ['sarif-file', value],
      ['verdict', 'fail'],
    ]);
    const parsed = parseGithubOutputFile(text);
    expect([...parsed.keys()]).toEqual(['sarif-file', 'verdict']);
    expect(parsed.get('verdict')).toBe('fail');
    expect(parsed.get('sarif-file')).toBe(value);
  });

  it('uses a fresh random delimiter for each multi-line value', () => {
    const text = githubOutputText([
      ['sarif-file', 'a\nb'],
      ['verdict', 'c\nd'],
    ]);
    const delimiters = [...text.matchAll(/<<(.*)\n/g)].map((match) => match[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).not.toBe(delimiters[1]);
    expect(delimiters[0]).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
  });

  it('refuses a value that holds its delimiter, and a name that is not one', () => {
    expect(() => githubOutputText([['verdict', 'x\nEND\nverdict=pass']], () => 'END')).toThrow('holds its delimiter');
    expect(() => githubOutputText([['a=b', 'x']])).toThrow('not an output name');
    expect(() => githubOutputText([['a\nb', 'x']])).toThrow('not an output name');
  });
});
