import type { CliIO } from '../cli.js';
import { readBaseline } from '../gate/baseline.js';
import { EXIT, reachesThreshold, type FailOn } from '../gate/exit-code.js';
import { diffScans, renderDiffMarkdown, renderDiffText } from '../report/diff.js';
import { writeFilesAtomically } from '../files/write-atomic.js';

export interface DiffCommandOptions {
  oldFile: string;
  newFile: string;
  format: 'text' | 'md';
  /** Also write the Markdown diff to this file (the terminal text still goes to stdout). */
  out?: string;
  failOn: FailOn;
  quiet: boolean;
}

/** Compares two SARIF files written by aiscan scan; exit 1 when a new finding reaches --fail-on. */
export function diffCommand(options: DiffCommandOptions, io: CliIO): number {
  const diff = diffScans(readBaseline(options.oldFile, 'diff: old'), readBaseline(options.newFile, 'diff: new'));
  if (options.out) writeFilesAtomically(new Map([[options.out, renderDiffMarkdown(diff)]]));
  if (!options.quiet) io.stdout(options.format === 'md' ? renderDiffMarkdown(diff) : renderDiffText(diff));
  const failing = diff.added.filter((finding) => !finding.suppressed && reachesThreshold(finding.severity, options.failOn));
  return failing.length > 0 ? EXIT.findings : EXIT.clean;
}
