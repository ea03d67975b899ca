import { writeFilesAtomically } from '../files/write-atomic.js';
import type { ScanResult } from '../scan.js';
import { reportContents, type ReportFormat, type ReportOptions } from './formats.js';
import type { GithubSarifSummary } from './sarif-github.js';

/**
 * Writes each requested report into `outDir` (aiscan.sarif, aiscan.json, …) and returns the files
 * written. All of them or none: on a failure no report is half-written or left from a mix of two
 * scans. Each is rendered as it is written, a chunk at a time for SARIF and JSON, so a large scan
 * never holds a whole report in memory.
 */
export function writeReports(result: ScanResult, formats: readonly ReportFormat[], outDir: string, options: ReportOptions = {}): string[] {
  return writeReportFiles(result, formats, outDir, options).files;
}

export interface WrittenReports {
  files: string[];
  /** With `sarifFor: 'github'`: what the SARIF for GitHub holds and leaves out, for the summary. */
  githubSarif?: GithubSarifSummary;
}

/** writeReports, also saying what the SARIF for GitHub left out. */
export function writeReportFiles(result: ScanResult, formats: readonly ReportFormat[], outDir: string, options: ReportOptions = {}): WrittenReports {
  const { reports, githubSarif } = reportContents(result, formats, outDir, options);
  writeFilesAtomically(reports);
  return { files: [...reports.keys()], ...(githubSarif ? { githubSarif } : {}) };
}
