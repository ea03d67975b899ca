import { join } from 'node:path';
import type { ReportFormat } from '../config/report-formats.js';
import type { SarifTarget } from '../config/sarif-targets.js';
import type { ScanResult } from '../scan.js';
import { renderHtml } from './html.js';
import { jsonReportChunks, renderJson } from './json.js';
import { junitChunks, renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifChunks, type SarifOptions } from './sarif.js';
import { githubSarif, type GithubSarifSummary } from './sarif-github.js';
import type { GithubSarifLimits } from './sarif-github-plan.js';

export interface ReportOptions extends SarifOptions {
  /**
   * Which SARIF aiscan.sarif is: `full` (the default), or `github`, laid out to fit GitHub code
   * scanning's limits, with the full log beside it as aiscan.full.sarif.
   */
  sarifFor?: SarifTarget;
  /** With `sarifFor: 'github'`: GitHub's limits unless told otherwise. */
  githubLimits?: Partial<GithubSarifLimits>;
}

/** The full SARIF's file when aiscan.sarif is the one for GitHub. */
export const FULL_SARIF_FILE = 'aiscan.full.sarif';

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
  junit: { file: 'aiscan.junit.xml', render: (result) => renderJunit(result), chunks: (result) => junitChunks(result) },
} as const satisfies Record<ReportFormat, ReportFormatSpec>;

export { DEFAULT_FORMATS, type ReportFormat } from '../config/report-formats.js';

/** Renders every requested report in memory, keyed by the file it goes to. */
export function renderReports(
  result: ScanResult,
  formats: readonly ReportFormat[],
  outDir: string,
  options: ReportOptions = {},
): Map<string, string> {
  return new Map([...reportContents(result, formats, outDir, options).reports].map(([file, content]) => [file, [...content()].join('')]));
}

export interface ReportContents {
  /** Each report's file and its text, made a chunk at a time when asked for. */
  reports: Map<string, () => Iterable<string>>;
  /** With `sarifFor: 'github'` and SARIF asked for: what the SARIF for GitHub holds and leaves out. */
  githubSarif?: GithubSarifSummary;
}

/**
 * The reports to write. With `sarifFor: 'github'` the SARIF for GitHub is laid out (and measured)
 * first, since the Markdown report says what it left out.
 */
export function reportContents(result: ScanResult, formats: readonly ReportFormat[], outDir: string, options: ReportOptions = {}): ReportContents {
  const wanted = [...new Set(formats)];
  const github =
    options.sarifFor === 'github' && wanted.includes('sarif')
      ? githubSarif(result, { ...options, limits: options.githubLimits, completeIn: [FULL_SARIF_FILE, ...(wanted.includes('json') ? [REPORT_FORMATS.json.file] : [])] })
      : undefined;
  const reports = new Map<string, () => Iterable<string>>();
  for (const format of wanted) {
    const file = join(outDir, REPORT_FORMATS[format].file);
    if (format === 'sarif' && github) {
      reports.set(file, github.chunks);
      reports.set(join(outDir, FULL_SARIF_FILE), () => sarifChunks(result, options));
    } else if (format === 'md' && github) {
      reports.set(file, () => [renderMarkdown(result, { githubSarif: github.summary })]);
    } else if (format === 'html' && github) {
      reports.set(file, () => [renderHtml(result, { githubSarif: github.summary })]);
    } else if (format === 'json' && github) {
      reports.set(file, () => jsonReportChunks(result, { githubSarif: github.summary }));
    } else {
      reports.set(file, () => REPORT_FORMATS[format].chunks(result, options));
    }
  }
  return { reports, ...(github ? { githubSarif: github.summary } : {}) };
}
