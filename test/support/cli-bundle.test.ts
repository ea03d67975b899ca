import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BUNDLE_FILE, bundleIdLine, CODE_CACHE_FILE, codeCacheContents, compileBundle } from '../../support/bundle/cli-bundle.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * The bundled CLI is compiled with the code cache the build made (support/bundle/cli-bundle.ts).
 * A cache must speed up the bundle it was made for and never stand in for another one's code.
 */
describe('compiling the CLI bundle with its code cache', () => {
  const tmp = useTempDir('aiscan-cli-bundle-');
  let folders = 0;

  /**
   * A bundle folder holding `code` as the build writes it: the hash of the code on the first line.
   * Each folder's code ends in a comment of its own: V8 keeps what it compiled in the process, and a
   * source it compiled before would never get to read a cache.
   */
  function bundleFolder(code: string): string {
    const folder = tmp.path(`bundle-${String(folders++).padStart(4, '0')}`);
    mkdirSync(folder);
    const unique = `${code}// ${folder}\n`;
    writeFileSync(`${folder}/${BUNDLE_FILE}`, bundleIdLine(createHash('sha256').update(unique).digest('hex')) + unique);
    return folder;
  }

  /** The hash on a bundle's first line, read without compiling it (V8 would then have it compiled already). */
  const idOf = (folder: string) => readFileSync(`${folder}/${BUNDLE_FILE}`, 'utf8').slice('// aiscan-bundle '.length, '// aiscan-bundle '.length + 64);

  // Two bundles of the same length: V8 tells caches apart by the source's length alone.
  const first = 'module.exports = { answer: "first", square: (n) => n * n };\n';
  const second = 'module.exports = { answer: "other", square: (n) => n + n };\n';

  it('runs a bundle as a CommonJS module, with no cache', () => {
    const bundle = compileBundle(bundleFolder(first));
    expect(bundle.cacheUsed).toBe(false);
    expect(bundle.run()).toMatchObject({ answer: 'first' });
  });

  it('takes the cache made from the same bundle', () => {
    const folder = bundleFolder(first);
    const made = compileBundle(folder, false);
    (made.run() as { square: (n: number) => number }).square(3); // compiled, so in the cache
    writeFileSync(`${folder}/${CODE_CACHE_FILE}`, codeCacheContents(made));
    const cached = compileBundle(folder);
    expect(cached.cacheUsed).toBe(true);
    expect((cached.run() as { square: (n: number) => number }).square(4)).toBe(16);
  });

  it("does not give V8 another bundle's cache, which V8 itself would take for a source of the same length", () => {
    const firstFolder = bundleFolder(first);
    const made = compileBundle(firstFolder, false);
    made.run();
    const v8Data = made.script.createCachedData();

    // What the hash guards against: V8 alone takes the first bundle's code for the second, and runs it.
    const unguarded = bundleFolder(second);
    writeFileSync(`${unguarded}/${CODE_CACHE_FILE}`, Buffer.concat([Buffer.from(idOf(unguarded), 'latin1'), v8Data]));
    const fooled = compileBundle(unguarded);
    expect(fooled.cacheUsed).toBe(true);
    expect(fooled.run()).toMatchObject({ answer: 'first' });

    // The cache as the build writes it names the first bundle: the second is compiled from its own code.
    const guarded = bundleFolder(second);
    writeFileSync(`${guarded}/${CODE_CACHE_FILE}`, codeCacheContents(made));
    const bundle = compileBundle(guarded);
    expect(bundle.cacheUsed).toBe(false);
    expect(bundle.run()).toMatchObject({ answer: 'other' });
  });

  it.each([
    ['empty', () => Buffer.alloc(0)],
    ['too short to hold a hash', () => Buffer.from('not a cache')],
    ["the bundle's hash and no V8 data", (id: string) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from('garbage')])],
  ])('compiles as usual past a cache that is %s', (_what, damaged) => {
    const folder = bundleFolder(first);
    writeFileSync(`${folder}/${CODE_CACHE_FILE}`, damaged(idOf(folder)));
    const bundle = compileBundle(folder);
    expect(bundle.cacheUsed).toBe(false);
    expect(bundle.run()).toMatchObject({ answer: 'first' });
  });

  it('refuses a file that is not a bundle of the build, naming it', () => {
    const folder = tmp.path('not-a-bundle');
    mkdirSync(folder);
    writeFileSync(`${folder}/${BUNDLE_FILE}`, first);
    expect(() => compileBundle(folder)).toThrow(`${folder}/${BUNDLE_FILE} is not an aiscan bundle: its first line has no hash`);
  });
});
