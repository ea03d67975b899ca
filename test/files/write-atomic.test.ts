import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import { writeFilesAtomically, type FileContent } from '../../src/files/write-atomic.js';
import { useTempDir } from '../helpers/temp.js';

const MB = 1 << 20;

describe('writing files atomically from chunks', () => {
  const tmp = useTempDir('aiscan-write-atomic-');

  it('writes the chunks as the UTF-8 of their text, a surrogate pair split between two of them (at the 1M code unit write boundary) included', () => {
    const emoji = '\ud83d\ude00';
    const chunks = [
      'x'.repeat(MB - 1) + emoji[0],
      emoji[1] + 'é…−',
      ...Array.from({ length: 5000 }, (_, i) => `{"i": ${i}, "t": "\u2212${emoji}"},\n`),
      'y'.repeat(3 * MB) + emoji[0], // written in pieces, the buffer emptied in between: the half pair waits for its other half
      emoji[1],
      '\u2212'.repeat(MB + 1),
      emoji,
      '\ud800', // a lone surrogate at the very end is written as U+FFFD, as Buffer.from writes it
    ];
    const file = tmp.path('out', 'chunks.json');
    writeFilesAtomically(new Map([[file, chunks]]));
    expect(readFileSync(file).equals(Buffer.from(chunks.join(''), 'utf8'))).toBe(true);
  });

  it('takes text, chunks, or a function returning either (a generator is asked for its chunks only as they are written)', () => {
    let started = false;
    function* generated() {
      started = true;
      yield 'a';
      yield 'b\n';
    }
    const files = new Map<string, FileContent>([
      [tmp.path('kinds', 'text'), 'text\n'],
      [tmp.path('kinds', 'chunks'), ['c', 'hunks\n']],
      [tmp.path('kinds', 'thunk'), () => 'thunk\n'],
      [tmp.path('kinds', 'generator'), generated()],
      [tmp.path('kinds', 'empty'), () => []],
    ]);
    expect(started).toBe(false);
    writeFilesAtomically(files);
    const read = (name: string) => readFileSync(tmp.path('kinds', name), 'utf8');
    expect([read('text'), read('chunks'), read('thunk'), read('generator'), read('empty')]).toEqual(['text\n', 'chunks\n', 'thunk\n', 'ab\n', '']);
  });

  it('on an error while rendering chunks writes none of the files, leaves no temporary file and passes the error on as it is', () => {
    const out = tmp.path('failing');
    const first = tmp.path('failing', 'first.json');
    const second = tmp.path('failing', 'second.json');
    writeFilesAtomically(new Map([[first, 'previous first\n'], [second, 'previous second\n']]));
    const failure = new Error('renderer failed');
    let closed = false;
    function* failing() {
      try {
        yield 'x'.repeat(2 * MB); // already written to the temporary file when it fails
        throw failure;
      } finally {
        closed = true;
      }
    }
    expect(() => writeFilesAtomically(new Map<string, FileContent>([[first, ['new first\n']], [second, failing()]]))).toThrow(failure);
    expect(closed).toBe(true);
    expect(readFileSync(first, 'utf8')).toBe('previous first\n');
    expect(readFileSync(second, 'utf8')).toBe('previous second\n');
    expect(readdirSync(out).sort()).toEqual(['first.json', 'second.json']);
  });

  it('reports a file it cannot write as a user error, and leaves no temporary file', () => {
    const blocker = tmp.write('blocker', 'a file, not a folder');
    const ok = tmp.path('blocked', 'ok.json');
    const error = (() => {
      try {
        writeFilesAtomically(new Map<string, FileContent>([[ok, ['ok']], [`${blocker}/report.json`, ['never']]]));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^cannot write .*blocker\/report\.json/);
    expect(readdirSync(tmp.path('blocked'))).toEqual([]);
  });

  it('writes through no file or link planted where a temporary file might go, and leaves files only their owner can read', () => {
    mkdirSync(tmp.path('planted'));
    const victim = tmp.write('planted/victim.txt', 'not yours\n');
    const report = tmp.path('planted', 'aiscan.md');
    // The name a temporary file used to have: predictable from the process id.
    symlinkSync(victim, tmp.path('planted', `.aiscan.md.${process.pid}.tmp`));
    writeFilesAtomically(new Map([[report, '# report\n']]));
    expect(readFileSync(victim, 'utf8')).toBe('not yours\n');
    expect(readFileSync(report, 'utf8')).toBe('# report\n');
    expect(statSync(report).mode & 0o777).toBe(0o600);
  });

  it('changes no file of the set when one target cannot be replaced (a directory is in the way), and names that target', () => {
    const out = tmp.path('set');
    const [sarif, json, md] = ['aiscan.sarif', 'aiscan.json', 'aiscan.md'].map((name) => tmp.path('set', name));
    writeFilesAtomically(new Map([[sarif, 'old sarif'], [json, 'old json']]));
    mkdirSync(md);
    let message = '';
    try {
      writeFilesAtomically(new Map<string, FileContent>([[sarif, 'new sarif'], [json, ['new json']], [md, 'new md']]));
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    expect(message).toBe(`cannot write ${md}: it is a directory; no report was changed`);
    expect([readFileSync(sarif, 'utf8'), readFileSync(json, 'utf8')]).toEqual(['old sarif', 'old json']);
    expect(readdirSync(out).sort()).toEqual(['aiscan.json', 'aiscan.md', 'aiscan.sarif']);
  });
});
