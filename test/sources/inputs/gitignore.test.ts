import { ignoredBy, parseGitignore } from '../../../src/sources/inputs/gitignore.js';

/** Whether a .gitignore holding `lines` ignores `path` (relative to its folder), as gitignore(5) says. */
const ignores = (lines: string[], path: string, isFolder = false) => ignoredBy(parseGitignore(lines.join('\n')), path, isFolder) === true;

describe('.gitignore patterns, as gitignore(5) defines them', () => {
  test('a name without a slash matches at any depth', () => {
    expect(ignores(['*.log'], 'debug.log')).toBe(true);
    expect(ignores(['*.log'], 'deep/down/debug.log')).toBe(true);
    expect(ignores(['*.log'], 'debug.log.json')).toBe(false);
  });

  test('a slash at the start or in the middle anchors to the .gitignore folder', () => {
    expect(ignores(['/build'], 'build', true)).toBe(true);
    expect(ignores(['/build'], 'src/build', true)).toBe(false);
    expect(ignores(['doc/frotz'], 'doc/frotz', true)).toBe(true);
    expect(ignores(['doc/frotz'], 'a/doc/frotz', true)).toBe(false);
  });

  test('a trailing slash matches folders only', () => {
    expect(ignores(['out/'], 'out', true)).toBe(true);
    expect(ignores(['out/'], 'out', false)).toBe(false);
  });

  test('* and ? stay within a path segment; ** crosses them', () => {
    expect(ignores(['infra/*.json'], 'infra/main.json')).toBe(true);
    expect(ignores(['infra/*.json'], 'infra/sub/main.json')).toBe(false);
    expect(ignores(['infra/**/*.json'], 'infra/sub/deeper/main.json')).toBe(true);
    expect(ignores(['infra/**/*.json'], 'infra/main.json')).toBe(true);
    expect(ignores(['**/tmp'], 'a/b/tmp', true)).toBe(true);
    expect(ignores(['gen/**'], 'gen/x/y.json')).toBe(true);
    expect(ignores(['file?.json'], 'file1.json')).toBe(true);
    expect(ignores(['file?.json'], 'file10.json')).toBe(false);
  });

  test('character classes, negated with !', () => {
    expect(ignores(['main.[ab].json'], 'main.a.json')).toBe(true);
    expect(ignores(['main.[!ab].json'], 'main.a.json')).toBe(false);
    expect(ignores(['main.[!ab].json'], 'main.c.json')).toBe(true);
  });

  test('the last matching pattern wins, and ! re-includes', () => {
    expect(ignores(['*.json', '!keep.json'], 'keep.json')).toBe(false);
    expect(ignores(['*.json', '!keep.json'], 'drop.json')).toBe(true);
    expect(ignores(['!keep.json', '*.json'], 'keep.json')).toBe(true);
  });

  test('comments, blank lines, escapes and trailing spaces', () => {
    expect(ignores(['# main.json', '', 'x.json   '], 'main.json')).toBe(false);
    expect(ignores(['# main.json', '', 'x.json   '], 'x.json')).toBe(true);
    expect(ignores(['\\#hash.json'], '#hash.json')).toBe(true);
    expect(ignores(['\\!bang.json'], '!bang.json')).toBe(true);
  });

  test('matching is case-sensitive, as git on Linux', () => {
    expect(ignores(['Main.json'], 'main.json')).toBe(false);
  });

  test('a pattern that can never match is dropped, not an error', () => {
    expect(parseGitignore('[z-a]\n[unclosed\nok.json')).toHaveLength(1);
  });

  test('patterns from a pull request cannot make matching slow: RE2, linear in the path', () => {
    const rules = parseGitignore(`${'**/a*'.repeat(40)}b`);
    const path = `${'a/'.repeat(2000)}c`;
    // A backtracking engine does not finish this at all; the test's time-out would fail it.
    expect(ignoredBy(rules, path, false)).toBeUndefined();
  });
});
