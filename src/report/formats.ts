import { join } from 'node:path';
import type { ReportFormat } from '../config/report-formats.js';
import type { ScanResult } from '../scan.js';
import { renderHtml } from './html.js';
import { jsonReportChunks, renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifChunks, type SarifOptions } from './sarif.js';

export type ReportOptions = SarifOptions;

interface ReportFormatSpec {
  /** The report's file name. */
  file: string;
  /** The report's text. */
  render: (result: ScanResult, options: ReportOptions) => string;
  /**
   * The same text as chunks, made as they are asked for: what a large report is written from, so
   * that it is never held whole (SARIF and JSON; the other reports are one chunk).
   */
  chunks: (result: ScanResult, options: ReportOptions) => Iterable<string>;
}

/** Each report format: its file name and pure renderers. */
export const REPORT_FORMATS = {
  sarif: { file: 'aiscan.sarif', render: (result, options) => renderSarif(result, options), chunks: (result, options) => sarifChunks(result, options) },
  json: { file: 'aiscan.json', render: (result) => renderJson(result), chunks: (result) => jsonReportChunks(result) },
  md: { file: 'aiscan.md', render: (result) => renderMarkdown(result), chunks: (result) => [renderMarkdown(result)] },
  html: { file: 'aiscan.html', render: (result) => renderHtml(result), chunks: (result) => [renderHtml(result)] },
  junit: { file: 'aiscan.junit.xml', render: (result) => renderJunit(result), chunks: (result) => [renderJunit(result)] },
} as const satisfies Record<ReportFormat, ReportFormatSpec>;

export { DEFAULT_FORMATS, type ReportFormat } from '../config/report-formats.js';

/** Renders every requested report in memory, keyed by the file it goes to. */
export function renderReports(
  result: ScanResult,
  formats: readonly ReportFormat[],
  outDir: string,
  options: ReportOptions = {},
): Map<string, string> {
  return new Map(
    [...new Set(formats)].map((format) => [join(outDir, REPORT_FORMATS[format].file), REPORT_FORMATS[format].render(result, options)]),
  );
}
