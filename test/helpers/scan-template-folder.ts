import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { runCli } from './cli.js';
import { useTempDir } from './temp.js';

/** The AVM managed cluster fixture, given (here) defaults for its two required parameters so that it scans alone too. */
export const AVM_FIXTURE = 'test/fixtures/templates/avm-managed-cluster';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const avmParameterFile = JSON.parse(readFileSync(join(AVM_FIXTURE, 'main.parameters.handwritten.json'), 'utf8')) as { parameters: Record<string, { value: Json }> };
export const avmTemplate = JSON.parse(readFileSync(join(AVM_FIXTURE, 'main.json'), 'utf8')) as { parameters: Record<string, Record<string, Json>> };
for (const name of ['name', 'primaryAgentPoolProfiles']) avmTemplate.parameters[name].defaultValue = avmParameterFile.parameters[name].value;

export interface FolderScan {
  code: number;
  stdout: string;
  /** With the folder written `{folder}`. */
  stderr: string;
  results: { ruleId?: string; region: unknown; message?: string; fingerprints: unknown }[];
  read?: unknown;
}

/**
 * `aiscan scan FOLDER` of a fresh folder holding `files`, at a fixed target, with SARIF and JSON
 * reports; `{folder}` in `args` is the folder. One folder per call, in a temporary folder per test file.
 */
export function useTemplateFolders(prefix: string): (files: Record<string, string | Buffer>, ...args: string[]) => Promise<FolderScan> {
  const tmp = useTempDir(prefix);
  let runs = 0;
  return async (files, ...args) => {
    const folder = tmp.path(`case-${++runs}`);
    mkdirSync(folder);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
    const out = join(folder, 'out');
    const target = ['--subscription-id', '00000000-0000-0000-0000-000000000001', '--location', 'eastus'];
    const run = await runCli('scan', folder, ...target, ...args.map((arg) => arg.replace('{folder}', folder)), '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none');
    if (run.code !== 0) return { code: run.code, stdout: run.stdout, stderr: run.stderr.replaceAll(folder, '{folder}'), results: [] };
    const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
    const results = (log.runs[0].results ?? []).map((result) => ({
      ruleId: result.ruleId,
      region: result.locations![0].physicalLocation!.region,
      message: result.message.text,
      fingerprints: result.partialFingerprints,
    }));
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { inputSummary: { read: unknown } };
    return { code: run.code, stdout: run.stdout, stderr: run.stderr, results, read: report.inputSummary.read };
  };
}
