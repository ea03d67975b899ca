import { randomUUID } from 'node:crypto';
import { SEVERITIES, type Severity } from '../engine/rule.js';
import { EXIT } from '../gate/exit-code.js';

/** Every output the action declares (action.yml), by its GitHub name and the name Azure Pipelines variables take. */
export const OUTPUTS = {
  'sarif-file': 'sarifFile',
  'exit-code': 'exitCode',
  verdict: 'verdict',
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
  total: 'total',
  cli: 'cli',
} as const;
export type OutputName = keyof typeof OUTPUTS;

export type Verdict = 'pass' | 'fail' | 'error' | 'incomplete';

/** What the scan's exit code says (src/gate/exit-code.ts); anything else (2, 4, a signal) is an error. */
export function verdictOf(exitCode: number): Verdict {
  if (exitCode === EXIT.clean) return 'pass';
  if (exitCode === EXIT.findings) return 'fail';
  if (exitCode === EXIT.incomplete) return 'incomplete';
  return 'error';
}

export type SeverityCounts = Record<Severity, number>;

/**
 * The outputs of one run, in the order they are written. The sarif file and the counts are there
 * only when this run wrote the reports they come from. `cli` is the aiscan the action installed, so
 * that later steps (`aiscan trend` in a nightly audit) run the same version without installing one.
 */
export function actionOutputs(exitCode: number, sarifFile: string | undefined, counts: SeverityCounts | undefined, cli: string): [OutputName, string][] {
  const outputs: [OutputName, string][] = [
    ['exit-code', String(exitCode)],
    ['verdict', verdictOf(exitCode)],
    ['cli', cli],
  ];
  if (sarifFile !== undefined) outputs.push(['sarif-file', sarifFile]);
  if (counts) {
    for (const severity of SEVERITIES) outputs.push([severity, String(counts[severity])]);
    outputs.push(['total', String(SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0))]);
  }
  return outputs;
}

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The lines for $GITHUB_OUTPUT. A value on one line is `name=value` (the runner splits at the first
 * `=`, and the name holds none). A value with a line break could otherwise start a line that sets
 * another output, so it takes the runner's multi-line form, `name<<DELIMITER`, with a random
 * delimiter the value does not contain, as @actions/core writes it.
 */
export function githubOutputText(outputs: readonly (readonly [string, string])[], delimiter: () => string = () => `ghadelimiter_${randomUUID()}`): string {
  let text = '';
  for (const [name, value] of outputs) {
    if (!OUTPUT_NAME.test(name)) throw new Error(`not an output name: ${JSON.stringify(name)}`);
    if (!/[\r\n]/.test(value)) {
      text += `${name}=${value}\n`;
      continue;
    }
    const end = delimiter();
    if (!OUTPUT_NAME.test(end) || value.includes(end)) throw new Error(`output ${name}: the value holds its delimiter`);
    text += `${name}<<${end}\n${value}\n${end}\n`;
  }
  return text;
}
