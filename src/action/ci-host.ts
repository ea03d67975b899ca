import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { terminalText } from '../text/terminal-text.js';
import { githubOutputText, OUTPUTS, type OutputName } from './outputs.js';
import { summaryBudget, summaryMarkdown } from './summary.js';

/**
 * Where main.js runs: GitHub Actions (outputs and the step summary are files the runner names in
 * the environment) or Azure Pipelines (both are logging commands on stdout); elsewhere (a
 * developer trying the action) outputs are printed.
 *
 * Text from scanned estates never reaches these commands: the values are the exit code, a verdict,
 * counts and a path built from the inputs. What the scan itself prints goes through
 * src/text/terminal-text.ts, which keeps estate text from forming a command for either runner.
 */
export interface CiHost {
  readonly kind: 'github' | 'azure-pipelines' | 'local';
  setOutputs(outputs: readonly (readonly [OutputName, string])[]): void;
  /** Adds aiscan.md to the run's summary page; `shownPath` is how the note of a cut summary names the full report. */
  addSummary(markdownFile: string, shownPath: string): void;
  error(message: string): void;
  warning(message: string): void;
}

/** The step's environment lacks what the host needs (GITHUB_OUTPUT): the action cannot run there. */
export class HostError extends Error {
  override name = 'HostError';
}

type Env = Readonly<Record<string, string | undefined>>;
type Print = (line: string) => void;

/** A workflow command's message (`::error::…`), as actions/toolkit escapes it: it stays one line. */
export function githubCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A logging command's message (`##vso[…]…`), as azure-pipelines-task-lib escapes it. */
export function azureCommandData(text: string): string {
  return text.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A logging command's property value (`variable=…;`): `;` and `]` would end it. */
export function azureCommandProperty(text: string): string {
  return azureCommandData(text).replace(/]/g, '%5D').replace(/;/g, '%3B');
}

/** Our own messages may quote an input's value: shown on one line, with nothing a runner would take for a command. */
const message = (text: string) => terminalText(text);

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

class GithubHost implements CiHost {
  readonly kind = 'github';

  constructor(
    private readonly env: Env,
    private readonly print: Print,
  ) {}

  setOutputs(outputs: readonly (readonly [OutputName, string])[]): void {
    const file = this.env.GITHUB_OUTPUT;
    if (!file) throw new HostError('GITHUB_OUTPUT is not set: is this a GitHub Actions step?');
    appendFileSync(file, githubOutputText(outputs));
  }

  addSummary(markdownFile: string, shownPath: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (!file) return this.warning('GITHUB_STEP_SUMMARY is not set: the report is not added to the job summary');
    const text = summaryMarkdown(readFileSync(markdownFile, 'utf8'), summaryBudget(fileSize(file)), shownPath);
    if (text === undefined) return this.warning(`the job summary is full: see ${shownPath}`);
    appendFileSync(file, text);
  }

  error(text: string): void {
    this.print(`::error::${githubCommandData(message(text))}`);
  }

  warning(text: string): void {
    this.print(`::warning::${githubCommandData(message(text))}`);
  }
}

class AzurePipelinesHost implements CiHost {
  readonly kind = 'azure-pipelines';

  constructor(private readonly print: Print) {}

  setOutputs(outputs: readonly (readonly [OutputName, string])[]): void {
    for (const [name, value] of outputs) {
      this.print(`##vso[task.setvariable variable=${azureCommandProperty(OUTPUTS[name])};isOutput=true]${azureCommandData(value)}`);
    }
  }

  /** The build summary takes a file; a cut copy is written beside the report when it must be cut. */
  addSummary(markdownFile: string, shownPath: string): void {
    const markdown = readFileSync(markdownFile, 'utf8');
    const text = summaryMarkdown(markdown, summaryBudget(0), shownPath);
    if (text === undefined) return this.warning(`the report does not fit a summary: see ${shownPath}`);
    let file = markdownFile;
    if (text.trimEnd() !== markdown.trimEnd()) {
      file = markdownFile.replace(/(\.md)?$/, '.summary.md');
      writeFileSync(file, text);
    }
    this.print(`##vso[task.uploadsummary]${azureCommandData(file)}`);
  }

  error(text: string): void {
    this.print(`##vso[task.logissue type=error]${azureCommandData(message(text))}`);
  }

  warning(text: string): void {
    this.print(`##vso[task.logissue type=warning]${azureCommandData(message(text))}`);
  }
}

class LocalHost implements CiHost {
  readonly kind = 'local';

  constructor(private readonly print: Print) {}

  setOutputs(outputs: readonly (readonly [OutputName, string])[]): void {
    for (const [name, value] of outputs) this.print(message(`${name}=${value}`));
  }

  addSummary(_markdownFile: string, shownPath: string): void {
    this.print(message(`summary: ${shownPath}`));
  }

  error(text: string): void {
    this.print(message(`error: ${text}`));
  }

  warning(text: string): void {
    this.print(message(`warning: ${text}`));
  }
}

/** Azure Pipelines sets TF_BUILD=True in every step; the Actions runner sets GITHUB_OUTPUT. */
export function detectHost(env: Env, print: Print): CiHost {
  if (/^true$/i.test(env.TF_BUILD ?? '')) return new AzurePipelinesHost(print);
  if (env.GITHUB_ACTIONS === 'true' || env.GITHUB_OUTPUT) return new GithubHost(env, print);
  return new LocalHost(print);
}
