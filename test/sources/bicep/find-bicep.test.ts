import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, relative } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { atLeast, MIN_BICEP_VERSION, parseBicepVersion } from '../../../src/sources/bicep/bicep-version.js';
import { parseDiagnostic } from '../../../src/sources/bicep/compile-bicep.js';
import { bicepArguments, findBicep } from '../../../src/sources/bicep/find-bicep.js';
import { useTempDir } from '../../helpers/temp.js';

/** Finding a CLI only looks at files: nothing here is run. */
describe('which Bicep CLI compiles a file', () => {
  const tmp = useTempDir('aiscan-find-bicep-');
  const executable = (dir: string, name: string, mode = 0o755) => {
    mkdirSync(tmp.path(dir), { recursive: true });
    const file = tmp.path(dir, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, mode);
    return file;
  };
  const path = (...dirs: string[]) => dirs.map((dir) => tmp.path(dir)).join(delimiter);

  it('AISCAN_BICEP_PATH wins over bicep and az on PATH', () => {
    const named = executable('named', 'my-bicep');
    executable('bin', 'bicep');
    executable('bin', 'az');
    expect(findBicep('main.bicep', { AISCAN_BICEP_PATH: named, PATH: path('bin') })).toEqual({ kind: 'bicep', path: named, foundBy: 'AISCAN_BICEP_PATH' });
  });

  it('then bicep on PATH, in PATH order, ahead of az', () => {
    const first = executable('first', 'bicep');
    executable('second', 'bicep');
    executable('first', 'az');
    expect(findBicep('main.bicep', { PATH: path('first', 'second') })).toEqual({ kind: 'bicep', path: first, foundBy: 'PATH' });
    expect(findBicep('main.bicep', { AISCAN_BICEP_PATH: '', PATH: path('first') }).path).toBe(first);
  });

  it('then az on PATH, run as az bicep build --file F --stdout', () => {
    const az = executable('az-only', 'az');
    const command = findBicep('main.bicep', { PATH: path('empty-1', 'az-only') });
    expect(command).toEqual({ kind: 'az', path: az, foundBy: 'PATH' });
    expect(bicepArguments(command, 'build', 'main.bicep')).toEqual(['bicep', 'build', '--file', 'main.bicep', '--stdout']);
    expect(bicepArguments(command, 'build-params', 'main.bicepparam')).toEqual(['bicep', 'build-params', '--file', 'main.bicepparam', '--stdout']);
    expect(bicepArguments({ kind: 'bicep', path: '/x/bicep', foundBy: 'PATH' }, 'build', '-main.bicep')).toEqual(['build', '-main.bicep', '--stdout']);
  });

  it('skips files on PATH that are not executable, and folders named bicep', () => {
    executable('not-executable', 'bicep', 0o644);
    mkdirSync(tmp.path('folder', 'bicep'), { recursive: true });
    const real = executable('real', 'bicep');
    expect(findBicep('main.bicep', { PATH: path('not-executable', 'folder', 'real') }).path).toBe(real);
  });

  it('never looks in a relative PATH entry, which would be the repository being scanned', () => {
    executable('relative', 'bicep');
    const relativeEntry = relative(process.cwd(), tmp.path('relative'));
    expect(() => findBicep('main.bicep', { PATH: ['', '.', relativeEntry].join(delimiter) })).toThrow('no Bicep CLI found');
  });

  it('with nothing found, says how to get one, naming the file', () => {
    const error = catchError(() => findBicep('infra/main.bicep', { PATH: path('empty-2') }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('infra/main.bicep: cannot compile Bicep: no Bicep CLI found (set AISCAN_BICEP_PATH, install bicep on PATH, or the Azure CLI with az bicep install)');
  });

  it.each([
    ['a file that is not executable', () => executable('plain', 'bicep', 0o644), 'is not executable'],
    [
      'a folder',
      () => {
        mkdirSync(tmp.path('a-folder'), { recursive: true });
        return tmp.path('a-folder');
      },
      'is not a file',
    ],
    ['nothing', () => tmp.path('missing', 'bicep'), 'does not exist'],
  ])('AISCAN_BICEP_PATH naming %s is a one-line error naming the variable', (_, named, problem) => {
    executable('bin-2', 'bicep');
    const value = named();
    const error = catchError(() => findBicep('main.bicep', { AISCAN_BICEP_PATH: value, PATH: path('bin-2') }));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(`AISCAN_BICEP_PATH names "${value}", which ${problem}; set it to the Bicep CLI executable, or unset it to use bicep from PATH`);
  });
});

describe('what the Bicep CLI prints', () => {
  it('its version, as bicep --version prints it', () => {
    expect(parseBicepVersion('Bicep CLI version 0.44.1 (a1b2c3d4e5)\n')).toBe('0.44.1');
    expect(parseBicepVersion('something else')).toBeUndefined();
    expect(atLeast('0.21.1', MIN_BICEP_VERSION)).toBe(true);
    expect(atLeast('0.100.0', MIN_BICEP_VERSION)).toBe(true);
    expect(atLeast('1.0.0', MIN_BICEP_VERSION)).toBe(true);
    expect(atLeast('0.20.4', MIN_BICEP_VERSION)).toBe(false);
    expect(atLeast('0.3.539', MIN_BICEP_VERSION)).toBe(false);
  });

  it('its diagnostics, path(line,col) : Level CODE: message, from bicep or relayed by az', () => {
    const line = '/repo/infra (v2)/main.bicep(12,5) : Error BCP057: The name "foo" does not exist in the current context. [https://aka.ms/bicep/core-diagnostics#BCP057]';
    const expected = { file: '/repo/infra (v2)/main.bicep', line: 12, column: 5, level: 'Error', code: 'BCP057', message: 'The name "foo" does not exist in the current context. [https://aka.ms/bicep/core-diagnostics#BCP057]' };
    expect(parseDiagnostic(line)).toEqual(expected);
    expect(parseDiagnostic(`ERROR: ${line}`)).toEqual(expected);
    expect(parseDiagnostic('C:\\infra\\main.bicep(3,1) : Warning no-unused-params: Parameter "x" is declared but never used.')).toMatchObject({ file: 'C:\\infra\\main.bicep', level: 'Warning', code: 'no-unused-params' });
    expect(parseDiagnostic('\x1b[31m/main.bicep(1,1) : Error BCP007: This declaration type is not recognized.\x1b[0m')).toMatchObject({ code: 'BCP007', message: 'This declaration type is not recognized.' });
    expect(parseDiagnostic('The specified input "x.txt" was not recognized as a Bicep file.')).toBeUndefined();
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
