import fc from 'fast-check';
import { codeBlock, codeSpan, escapeMarkdown, ruleMarkdown } from '../../src/report/markdown-text.js';
import { visibleText } from '../../src/text/visible-text.js';
import { commonMark, elementsOf, linkableOutsideCode, textOf } from '../helpers/markdown.js';

/** Strings made of what Markdown, linkifiers and terminals give a meaning to, and some plain letters. */
const hostile = fc
  .array(
    fc.constantFrom(
      ...'\\`*_[]()<>|~$!&#@:./-+= \t\n\r\u2028\u2029\u0085\u000B\u000C\u202E\u2066\u200B\u001B\u0000\u0007\u009B\uFEFF'.split(''),
      'https://',
      'www.',
      'mailto:',
      'example.com',
      '.io',
      '10.0.0.1',
      '7',
      '<!--',
      '-->',
      '```',
      '~~~',
      '&#x202E;',
      '&amp;',
      '1.',
      '    ',
      'GH-1',
      '@octocat',
      'a',
      'B',
      'é',
      '\u{E0041}',
      '\uD800',
    ),
    { maxLength: 24 },
  )
  .map((pieces) => pieces.join(''));

const RUNS = { numRuns: 400 };

describe('escapeMarkdown: any text stays text, as GitHub-flavoured Markdown renders it', () => {
  it('mid-line: no element but code, the same text shown, nothing a linkifier or GitHub could link', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(`x ${escapeMarkdown(text)} y`);
        expect(elementsOf(html).filter((tag) => tag !== 'code')).toEqual(['p']);
        expect(textOf(html).trim()).toBe(`x ${visibleText(text)} y`);
        expect(linkableOutsideCode(html)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('on a line of its own: no heading, list, quote, code block or rule opens', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(`${escapeMarkdown(text)}\n`);
        expect(elementsOf(html).filter((tag) => tag !== 'code')).toEqual(escapeMarkdown(text).trim() === '' ? [] : ['p']);
        expect(textOf(html).trim()).toBe(visibleText(text).trim());
      }),
      RUNS,
    );
  });

  it('in a table cell, beside a code span of the same text: one row, its cells, the text whole', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(`| a | b | c |\n| --- | --- | --- |\n| 1 | ${escapeMarkdown(text)} | ${codeSpan(text)} |\n`);
        expect(html.match(/<tr>/g)).toHaveLength(2);
        const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map(([, cell]) => textOf(cell));
        // A cell's ends are trimmed, except inside code.
        expect(cells.map((cell, i) => (i === 1 ? cell.trim() : cell))).toEqual(['1', visibleText(text).trim(), visibleText(text) || ' ']);
        expect(elementsOf(html).filter((tag) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(tag))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('codeSpan, codeBlock and ruleMarkdown', () => {
  it('codeSpan: code (a `|` between spans) whatever the text holds, and the text shown as it is', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(`x ${codeSpan(text)} y`);
        expect(elementsOf(html).filter((tag) => tag !== 'code')).toEqual(['p']);
        expect(textOf(html).trim()).toBe(`x ${visibleText(text) || ' '} y`);
      }),
      RUNS,
    );
  });

  it('codeSpan and codeBlock take a name with more backtick runs than a function call takes arguments', () => {
    const name = 'a`'.repeat(300_000);
    expect(codeSpan(name).startsWith('`` a`a`')).toBe(true);
    expect(codeBlock(name)[0]).toBe('```');
  });

  it('codeBlock: one block the content cannot close, with its lines', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(codeBlock(text, 'bash').join('\n') + '\nafter\n');
        expect(elementsOf(html)).toEqual(['pre', 'code', 'p']);
        expect(textOf(html.slice(0, html.indexOf('</pre>')))).toBe(`${visibleText(text, 'block')}\n`);
      }),
      RUNS,
    );
  });

  it("ruleMarkdown: a rule's inline code stays code, and nothing else becomes markup", () => {
    expect(commonMark.render(ruleMarkdown('Set `nodeTaints` to <b>x</b> ``a`b``'))).toBe(
      '<p>Set <code>nodeTaints</code> to &lt;b&gt;x&lt;/b&gt; <code>a`b</code></p>\n',
    );
    fc.assert(
      fc.property(hostile, (text) => {
        const html = commonMark.render(ruleMarkdown(text));
        expect(elementsOf(html).filter((tag) => tag !== 'code' && tag !== 'p')).toEqual([]);
        expect(linkableOutsideCode(html)).toEqual([]);
      }),
      // A linkable word (a code span) right before a code span: their fences touched and ran together.
      { ...RUNS, examples: [['GH-1`\\```\\```'], ['`a`GH-1']] },
    );
  });
});
