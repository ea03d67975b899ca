import type { CliIO } from '../cli.js';
import { UserError } from '../errors.js';
import type { FailOn } from '../gate/exit-code.js';
import { renderReports, type ReportFormat } from '../report/formats.js';
import { renderTerminal } from '../report/terminal.js';
import { writeFilesAtomically } from '../report/write-atomic.js';
import { scan } from '../scan.js';

export interface ScanCommandOptions {
  snapshots: string[];
  rules: string[];
  builtinRules: boolean;
  out: string;
  formats: ReportFormat[];
  failOn: FailOn;
  category: string;
  quiet: boolean;
}

export async function scanCommand(options: ScanCommandOptions, io: CliIO): Promise<number> {
  if (options.snapshots.length === 0) {
    throw new UserError('scan: nothing to scan; give an estate file with --snapshot FILE');
  }
  const result = scan({
    snapshots: options.snapshots,
    directories: options.rules,
    builtin: options.builtinRules,
    failOn: options.failOn,
  });
  const reports = renderReports(result, options.formats, options.out, { category: options.category });
  writeFilesAtomically(reports);
  if (!options.quiet) io.stdout(renderTerminal(result, [...reports.keys()]));
  return result.exitCode;
}
