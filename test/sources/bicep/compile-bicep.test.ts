import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { compileBicep, resolveBicep, type CompileOptions } from '../../../src/sources/bicep/compile-bicep.js';
import { findDeclarations, matchDeclarations, readDeclarations } from '../../../src/sources/bicep/declarations.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * The Bicep CLI cannot be installed here, so these run stand-ins: shell scripts that answer
 * `--version`, record the arguments they were given (NUL-separated, to compare exactly), and
 * print what a real CLI printed: the compiled templates of test/fixtures/bicep, or its errors.
 */
const FIXTURES = resolve('test', 'fixtures', 'bicep');
const CLUSTER_BICEP = resolve(FIXTURES, 'managed-cluster', 'main.bicep');
const CLUSTER_JSON = resolve(FIXTURES, 'managed-cluster', 'main.json');
const WORKSPACE_JSON = resolve(FIXTURES, 'ml-workspace', 'main.json');
const SYSTEM_PATH = ['/usr/bin', '/bin'];

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

describe('compiling Bicep with the Bicep CLI (stand-in executables)', () => {
  const tmp = useTempDir('aiscan-compile-bicep-');
  let stubs = 0;

  /** A folder holding one executable `name` running `body`; `args` is where it records its arguments. */
  function stub(name: string, body: string, { version = '0.44.1', mode = 0o755 } = {}) {
    const dir = tmp.path(`stub-${stubs++}`);
    mkdirSync(dir);
    const args = resolve(dir, 'args');
    const script = [
      '#!/bin/sh',
      `if [ "$1" = "--version" ]; then echo "Bicep CLI version ${version} (0123456789)"; exit 0; fi`,
      `for arg in "$@"; do printf '%s\\0' "$arg"; done > ${quote(args)}`,
      body,
      '',
    ].join('\n');
    const file = resolve(dir, name);
    writeFileSync(file, script);
    chmodSync(file, mode);
    const recorded = () => readFileSync(args, 'utf8').split('\0').slice(0, -1);
    return { dir, file, recorded, env: { PATH: [dir, ...SYSTEM_PATH].join(delimiter) } };
  }

  const compile = (file: string, options: CompileOptions) => compileBicep(file, options);
  const failure = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return error as Error;
    }
    throw new Error('expected the compilation to fail');
  };

  it('runs bicep build FILE --stdout from PATH and returns the template it prints, byte for byte', async () => {
    const bicep = stub('bicep', `exec cat ${quote(CLUSTER_JSON)}`);
    const compiled = await compile(CLUSTER_BICEP, { env: bicep.env });
    expect(compiled.template).toBe(readFileSync(CLUSTER_JSON, 'utf8'));
    expect(compiled.parameters).toBeUndefined();
    expect(compiled.cli).toEqual({ path: bicep.file, version: '0.44.1' });
    expect(compiled.warnings).toEqual([]);
    expect(bicep.recorded()).toEqual(['build', CLUSTER_BICEP, '--stdout']);
  });

  it('puts each resource of the template it compiled on the line of the file that declares it', async () => {
    const bicep = stub('bicep', `exec cat ${quote(CLUSTER_JSON)}`);
    const template = JSON.parse((await compile(CLUSTER_BICEP, { env: bicep.env })).template);
    const lines = readFileSync(CLUSTER_BICEP, 'utf8').split('\n');
    const matches = matchDeclarations(template, readDeclarations(CLUSTER_BICEP));
    expect(matches).toHaveLength(Object.keys(template.resources).length);
    for (const { pointer, declaration } of matches) {
      const key = pointer.slice('/resources/'.length);
      expect(lines[declaration.line - 1]).toMatch(new RegExp(`^(resource|module) ${key} '`));
    }
  });

  it('runs the CLI AISCAN_BICEP_PATH names rather than the one on PATH', async () => {
    const onPath = stub('bicep', 'echo "{}"');
    const named = stub('bicep-0.44', `exec cat ${quote(WORKSPACE_JSON)}`);
    const compiled = await compile(CLUSTER_BICEP, { env: { ...onPath.env, AISCAN_BICEP_PATH: named.file } });
    expect(compiled.cli.path).toBe(named.file);
    expect(compiled.template).toBe(readFileSync(WORKSPACE_JSON, 'utf8'));
    expect(existsSync(resolve(onPath.dir, 'args'))).toBe(false);
  });

  it('falls back to az bicep build --file FILE --stdout, without asking az its version', async () => {
    const az = stub('az', `[ "$1 $2 $3" = "bicep build --file" ] && [ "$5" = "--stdout" ] && exec cat ${quote(CLUSTER_JSON)}\nexit 9`);
    const compiled = await compile(CLUSTER_BICEP, { env: az.env });
    expect(compiled.template).toBe(readFileSync(CLUSTER_JSON, 'utf8'));
    expect(compiled.cli).toEqual({ path: az.file, version: undefined });
    expect(az.recorded()).toEqual(['bicep', 'build', '--file', CLUSTER_BICEP, '--stdout']);
  });

  it('with no CLI anywhere, fails naming the file and how to get one', async () => {
    const error = await failure(compile('infra/main.bicep', { env: { PATH: tmp.path() } }));
    expect(error.message).toBe('infra/main.bicep: cannot compile Bicep: no Bicep CLI found (set AISCAN_BICEP_PATH, install bicep on PATH, or the Azure CLI with az bicep install)');
  });

  it('refuses a CLI older than the oldest supported, and accepts one whose version it cannot read', async () => {
    const old = stub('bicep', 'echo "{}"', { version: '0.20.4' });
    const error = await failure(compile('main.bicep', { env: old.env }));
    expect(error.message).toBe(`main.bicep: cannot compile Bicep: the Bicep CLI ${old.file} is version 0.20.4; aiscan needs 0.21.1 or later (upgrade it, or set AISCAN_BICEP_PATH to a newer one)`);
    const odd = stub('bicep', 'echo "{}"', { version: 'unknown' });
    expect((await compile('main.bicep', { env: odd.env })).cli.version).toBeUndefined();
  });

  it('compiles many files with the CLI resolved once', async () => {
    const bicep = stub('bicep', 'echo "{}"');
    const cli = await resolveBicep('a.bicep', { env: bicep.env });
    expect(cli).toEqual({ kind: 'bicep', path: bicep.file, foundBy: 'PATH', version: '0.44.1' });
    expect((await compile('b.bicep', { cli, env: bicep.env })).template).toBe('{}\n');
  });

  it('a compile error names the file, and the first error with its line, column and code, on one line', async () => {
    const source = readFileSync(CLUSTER_BICEP, 'utf8');
    const cluster = findDeclarations(source).find((declaration) => declaration.symbolicName === 'managedCluster')!;
    const stderr = [
      `${CLUSTER_BICEP}(3,7) : Warning no-unused-params: Parameter "x" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]`,
      `${CLUSTER_BICEP}(${cluster.line},${cluster.column}) : Error BCP057: The name "foo" does not exist in the current context. [https://aka.ms/bicep/core-diagnostics#BCP057]`,
      `${CLUSTER_BICEP}(800,9) : Error BCP018: Expected the "}" character at this location. [https://aka.ms/bicep/core-diagnostics#BCP018]`,
    ];
    const bicep = stub('bicep', `printf '%s\\n' ${stderr.map(quote).join(' ')} >&2\nexit 1`);
    const error = await failure(compile(CLUSTER_BICEP, { env: bicep.env }));
    expect(error.message).toBe(
      `${CLUSTER_BICEP}: the Bicep CLI failed: ${CLUSTER_BICEP}(${cluster.line},${cluster.column}) : Error BCP057: The name "foo" does not exist in the current context. [https://aka.ms/bicep/core-diagnostics#BCP057] (and 1 more error)`,
    );
  });

  it('names a module file with an error relative to the current folder, and keeps the message to one visible line', async () => {
    const module = resolve('infra', 'modules', 'net.bicep');
    const bicep = stub('bicep', `printf '\\033[31m%s(1,1) : Error BCP007: This declaration type is not recognized.\\a\\tSpecify a declaration.\\033[0m\\n' ${quote(module)} >&2\nexit 1`);
    const error = await failure(compile('main.bicep', { env: bicep.env }));
    expect(error.message).toBe('main.bicep: the Bicep CLI failed: infra/modules/net.bicep(1,1) : Error BCP007: This declaration type is not recognized.\\u0007 Specify a declaration.');
  });

  it('a failure that is not a diagnostic gives the first line the CLI wrote, or its exit', async () => {
    const refused = stub('bicep', `echo 'The specified input "x" was not recognized as a Bicep file.' >&2\necho 'second line' >&2\nexit 1`);
    expect((await failure(compile('x.bicep', { env: refused.env }))).message).toBe('x.bicep: the Bicep CLI failed: The specified input "x" was not recognized as a Bicep file.');
    const silent = stub('bicep', 'exit 3');
    expect((await failure(compile('x.bicep', { env: silent.env }))).message).toBe('x.bicep: the Bicep CLI failed: it exited with code 3 and said nothing');
    const az = stub('az', `echo 'ERROR: ${CLUSTER_BICEP}(2,1) : Error BCP009: Expected a literal value.' >&2\nexit 1`);
    expect((await failure(compile(CLUSTER_BICEP, { env: az.env }))).message).toBe(`${CLUSTER_BICEP}: the Bicep CLI failed: ${CLUSTER_BICEP}(2,1) : Error BCP009: Expected a literal value.`);
  });

  it('returns the warnings a successful compilation writes on stderr', async () => {
    const warning = `${CLUSTER_BICEP}(3,7) : Warning no-unused-params: Parameter "x" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]`;
    const bicep = stub('bicep', `echo ${quote(warning)} >&2\nexec cat ${quote(CLUSTER_JSON)}`);
    const compiled = await compile(CLUSTER_BICEP, { env: bicep.env });
    expect(compiled.warnings).toEqual([warning]);
    expect(compiled.diagnostics).toEqual([
      { file: CLUSTER_BICEP, line: 3, column: 7, level: 'Warning', code: 'no-unused-params', message: 'Parameter "x" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]' },
    ]);
  });

  it('stops a CLI that runs past the time-out, with everything it started, and says so', async () => {
    const pids = tmp.path('pids');
    const bicep = stub('bicep', `sleep 30 &\necho $! > ${quote(pids)}\necho $$ >> ${quote(pids)}\nwait`);
    const started = Date.now();
    const error = await failure(compile('slow.bicep', { env: bicep.env, timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toBe(`slow.bicep: the Bicep CLI did not finish within 300 ms; it was stopped (${bicep.file})`);
    const [sleeper, shell] = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(isRunning(shell!)).toBe(false);
    await expectGone(sleeper!);
  });

  it('stops what a CLI left running with its output still open after it exited', async () => {
    const pid = tmp.path('left-running');
    const bicep = stub('bicep', `sleep 30 &\necho $! > ${quote(pid)}\nexit 0`);
    const error = await failure(compile('left.bicep', { env: bicep.env, timeoutMs: 300 }));
    expect(error.message).toContain('left.bicep: the Bicep CLI did not finish within 300 ms');
    await expectGone(Number(readFileSync(pid, 'utf8')));
  });

  it('stops a CLI that prints more than the output cap', async () => {
    const endless = stub('bicep', `exec yes '{"resources": []}'`);
    const started = Date.now();
    const error = await failure(compile('big.bicep', { env: endless.env, maxOutputBytes: 1 << 20 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toBe('big.bicep: the Bicep CLI printed more than 1 MiB of output; it was stopped');
    const real = stub('bicep', `exec cat ${quote(CLUSTER_JSON)}`);
    expect((await failure(compile('big.bicep', { env: real.env, maxOutputBytes: 64 << 10 }))).message).toContain('printed more than 64 KiB of output');
  });

  it('runs build-params for a .bicepparam file and returns the template and the parameters it prints', async () => {
    const template = readFileSync(CLUSTER_JSON, 'utf8');
    const parameters = JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { name: { value: 'aks-gpu' } } }, null, 2);
    const output = tmp.write('build-params.json', JSON.stringify({ parametersJson: parameters, templateJson: template, templateSpecId: null }));
    const bicep = stub('bicep', `exec cat ${quote(output)}`);
    const compiled = await compile('prod.bicepparam', { env: bicep.env });
    expect(bicep.recorded()).toEqual(['build-params', resolve('prod.bicepparam'), '--stdout']);
    expect(compiled.template).toBe(template);
    expect(compiled.parameters).toBe(parameters);
  });

  it('a .bicepparam file whose template is a template spec, or none, is an error', async () => {
    const spec = tmp.write('spec.json', JSON.stringify({ parametersJson: '{}', templateJson: null, templateSpecId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Resources/templateSpecs/t/versions/1' }));
    const specCli = stub('bicep', `exec cat ${quote(spec)}`);
    expect((await failure(compile('spec.bicepparam', { env: specCli.env }))).message).toContain('spec.bicepparam: its template is the template spec "/subscriptions/s/');
    const none = tmp.write('none.json', JSON.stringify({ parametersJson: '{}' }));
    const noneCli = stub('bicep', `exec cat ${quote(none)}`);
    expect((await failure(compile('none.bicepparam', { env: noneCli.env }))).message).toContain('none.bicepparam: the Bicep CLI printed no template');
    const garbage = stub('bicep', 'echo "not json"');
    expect((await failure(compile('bad.bicepparam', { env: garbage.env }))).message).toMatch(/^bad\.bicepparam:1:1: invalid JSON: .*the Bicep CLI's build-params output must be valid JSON/);
  });

  it('passes a file name as one argument, never through a shell, and never as an option', async () => {
    const bicep = stub('bicep', 'echo "{}"');
    const hostile = tmp.path('$(touch pwned); `touch pwned` & touch pwned \'a\' "b".bicep');
    await compile(hostile, { env: bicep.env });
    expect(bicep.recorded()).toEqual(['build', hostile, '--stdout']);
    expect(existsSync(tmp.path('pwned'))).toBe(false);
    expect(existsSync(resolve('pwned'))).toBe(false);
    await compile('--help.bicep', { env: bicep.env });
    expect(bicep.recorded()).toEqual(['build', resolve('--help.bicep'), '--stdout']);
  });

  it('refuses other files, and output that is not a template', async () => {
    const bicep = stub('bicep', 'echo "Usage: bicep build"');
    expect((await failure(compile('main.json', { env: bicep.env }))).message).toBe('main.json: cannot compile Bicep: not a .bicep or .bicepparam file');
    expect((await failure(compile('main.bicep', { env: bicep.env }))).message).toBe('main.bicep: the Bicep CLI printed no ARM template (its output does not start with {)');
  });

  it('a CLI that cannot be started is an error naming it', async () => {
    const broken = stub('bicep', 'exit 0');
    writeFileSync(broken.file, '#!/nonexistent/interpreter\n');
    const error = await failure(compile('main.bicep', { cli: { kind: 'bicep', path: broken.file, foundBy: 'PATH' }, env: broken.env }));
    expect(error.message).toBe(`main.bicep: cannot compile Bicep: cannot run ${broken.file}: no such file`);
  });
});

/** Whether a process exists and is not a zombie (exited, waiting for a parent that never reaps it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A grandchild is reparented when its parent is killed; its SIGKILL lands at once, but allow a moment. */
async function expectGone(pid: number): Promise<void> {
  for (let attempt = 0; attempt < 50 && isRunning(pid); attempt++) await new Promise((done) => setTimeout(done, 20));
  expect(isRunning(pid)).toBe(false);
}
