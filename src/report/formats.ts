import { join } from 'node:path';
import type { ScanResult } from '../scan.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, type SarifOptions } from './sarif.js';

export type ReportOptions = SarifOptions;

/** Each report format: its file name and a pure renderer. */
export const REPORT_FORMATS = {
  sarif: { file: 'aiscan.sarif', render: (result: ScanResult, options: ReportOptions) => renderSarif(result, options) },
  json: { file: 'aiscan.json', render: (result: ScanResult) => renderJson(result) },
  md: { file: 'aiscan.md', render: (result: ScanResult) => renderMarkdown(result) },
  html: { file: 'aiscan.html', render: (result: ScanResult) => renderHtml(result) },
  junit: { file: 'aiscan.junit.xml', render: (result: ScanResult) => renderJunit(result) },
} as const satisfies Record<string, { file: string; render: (result: ScanResult, options: ReportOptions) => string }>;

export type ReportFormat = keyof typeof REPORT_FORMATS;
export const DEFAULT_FORMATS: readonly ReportFormat[] = ['sarif', 'json', 'md'];

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
