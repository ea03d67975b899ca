import { run } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `aiscan …` would, capturing its output. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

export const SAMPLE_ESTATE = ['examples/estate/subscription-research.json', 'examples/estate/subscription-production.json'];
export const SAMPLE_ARGS = SAMPLE_ESTATE.flatMap((file) => ['--snapshot', file]);
