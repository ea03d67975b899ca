import { join } from 'node:path';
import { writeFilesAtomically } from '../files/write-atomic.js';
import type { ScanResult } from '../scan.js';
import { REPORT_FORMATS, type ReportFormat, type ReportOptions } from './formats.js';

/**
 * Writes each requested report into `outDir` (aiscan.sarif, aiscan.json, …) and returns the files
 * written. All of them or none: on a failure no report is half-written or left from a mix of two
 * scans. Each is rendered as it is written, a chunk at a time for SARIF and JSON, so a large scan
 * never holds a whole report in memory.
 */
export function writeReports(result: ScanResult, formats: readonly ReportFormat[], outDir: string, options: ReportOptions = {}): string[] {
  const reports = new Map(
    [...new Set(formats)].map((format) => {
      const { file, chunks } = REPORT_FORMATS[format];
      return [join(outDir, file), () => chunks(result, options)] as const;
    }),
  );
  writeFilesAtomically(reports);
  return [...reports.keys()];
}
