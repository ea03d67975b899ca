import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { shown } from '../../text/shown.js';

/** The variable that names the Bicep CLI to run, ahead of anything on PATH. */
export const BICEP_PATH_VARIABLE = 'AISCAN_BICEP_PATH';

/**
 * The Bicep CLI to run, and how it was found:
 * - `bicep`: the Bicep CLI itself (`bicep build FILE --stdout`), named by AISCAN_BICEP_PATH or
 *   found on PATH;
 * - `az`: the Azure CLI, which runs the Bicep CLI it installed (`az bicep build --file FILE
 *   --stdout`). It may check for a newer Bicep release online, or install one on first use:
 *   that is its behaviour, which is why a plain `bicep` is preferred.
 */
export interface BicepCommand {
  kind: 'bicep' | 'az';
  /** The absolute path of the executable spawned. */
  path: string;
  foundBy: typeof BICEP_PATH_VARIABLE | 'PATH';
}

export type BicepVerb = 'build' | 'build-params';

/**
 * Which Bicep CLI compiles `file`: AISCAN_BICEP_PATH (which must name an executable file), then
 * `bicep` on PATH, then `az` on PATH. Only absolute PATH entries are searched: an empty or
 * relative entry means the current folder, which is the repository being scanned, and a pull
 * request must not be able to choose the compiler by adding a file named `bicep`.
 */
export function findBicep(file: string, env: NodeJS.ProcessEnv = process.env): BicepCommand {
  const named = env[BICEP_PATH_VARIABLE];
  if (named !== undefined && named !== '') return { kind: 'bicep', path: checkNamedExecutable(named), foundBy: BICEP_PATH_VARIABLE };
  const bicep = onPath('bicep', env);
  if (bicep) return { kind: 'bicep', path: bicep, foundBy: 'PATH' };
  // On Windows `az` is a batch file (az.cmd), which Node starts only through cmd.exe: a shell,
  // which would interpret the file name. Windows users set AISCAN_BICEP_PATH or put bicep on PATH.
  const az = process.platform === 'win32' ? undefined : onPath('az', env);
  if (az) return { kind: 'az', path: az, foundBy: 'PATH' };
  throw new UserError(`${file}: cannot compile Bicep: no Bicep CLI found (set ${BICEP_PATH_VARIABLE}, install bicep on PATH, or the Azure CLI with az bicep install)`);
}

/** The arguments that compile `file` to JSON on stdout. */
export function bicepArguments(command: BicepCommand, verb: BicepVerb, file: string): string[] {
  return command.kind === 'az' ? ['bicep', verb, '--file', file, '--stdout'] : [verb, file, '--stdout'];
}

function checkNamedExecutable(named: string): string {
  const path = resolve(named);
  const problem = executableProblem(path);
  if (problem) throw new UserError(`${BICEP_PATH_VARIABLE} names ${shown(named)}, which ${problem}; set it to the Bicep CLI executable, or unset it to use bicep from PATH`);
  return path;
}

/** Why `path` cannot be run, or undefined if it can. */
function executableProblem(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
  } catch {
    return 'does not exist';
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  // Only a Windows .exe can be spawned without a shell; .cmd and .bat need cmd.exe.
  const fileName = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, fileName);
    if (executableProblem(candidate) === undefined) return candidate;
  }
  return undefined;
}
