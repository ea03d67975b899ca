import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { UserError } from '../errors.js';
import { writeFilesAtomically, type FileContent } from '../files/write-atomic.js';
import { EXIT } from '../gate/exit-code.js';
import { renderTrendHtml } from '../report/trend-html.js';
import { renderTrendMarkdown } from '../report/trend-markdown.js';
import { openBySeverityText, timeToFixText } from '../report/trend-text.js';
import { terminalText as t } from '../text/terminal-text.js';
import { readRuns } from '../trend/read-run.js';
import { computeTrend, type Trend } from '../trend/trend.js';

export const TREND_FORMATS = ['md', 'html'] as const;
export type TrendFormat = (typeof TREND_FORMATS)[number];

const FILE_OF: Record<TrendFormat, string> = { md: 'aiscan-trend.md', html: 'aiscan-trend.html' };

export interface TrendCommandOptions {
  files: readonly string[];
  out: string;
  formats: readonly TrendFormat[];
  top: number;
  expiringWithinDays: number;
  quiet: boolean;
}

/**
 * Reads the SARIF of a series of scans and writes the trend reports. Exit 0 when they are written;
 * a bad flag or file is a UserError (exit 2), found before anything is written, and the reports
 * are written all or none.
 */
export function trendCommand(options: TrendCommandOptions, io: CliIO): number {
  checkOptions(options);
  const trend = computeTrend(readRuns(options.files), { top: options.top, expiringWithinDays: options.expiringWithinDays });
  const formats = [...new Set(options.formats)];
  const render: Record<TrendFormat, () => string> = { md: () => renderTrendMarkdown(trend), html: () => renderTrendHtml(trend) };
  const files = new Map<string, FileContent>(formats.map((format) => [join(options.out, FILE_OF[format]), render[format]]));
  writeFilesAtomically(files);
  if (!options.quiet) io.stdout(summary(trend, [...files.keys()]));
  return EXIT.clean;
}

function checkOptions(options: TrendCommandOptions): void {
  if (options.files.length === 0) throw new UserError('trend: give at least one SARIF file written by aiscan scan (e.g. runs/*.sarif)');
  if (!Number.isInteger(options.top) || options.top < 1) throw new UserError(`trend: --top must be a whole number of at least 1, not ${options.top}`);
  if (!Number.isInteger(options.expiringWithinDays) || options.expiringWithinDays < 0) {
    throw new UserError(`trend: --expiring-within must be a whole number of days, 0 or more, not ${options.expiringWithinDays}`);
  }
  if (options.formats.length === 0) throw new UserError(`trend: --format needs at least one of ${TREND_FORMATS.join(', ')}`);
}

/** Two lines for the terminal: where the trend stands, and what was written. File names are input, so they go through `t`. */
function summary(trend: Trend, written: readonly string[]): string {
  const latest = trend.runs[trend.runs.length - 1];
  const ttf = timeToFixText(trend.timeToFix);
  const changes = trend.runs.length > 1 ? `; ${trend.fixed.length} fixed${ttf ? `, mean time to fix ${ttf}` : ''}` : '';
  const expiring = trend.expiring.length > 0 ? `; ${trend.expiring.length} suppression(s) expired or ending within ${trend.options.expiringWithinDays} days` : '';
  return (
    `aiscan trend: ${trend.runs.length} run(s); latest: ${openBySeverityText(latest)}, ${latest.suppressed} suppressed, ${latest.unverified} not re-checked${changes}${expiring}\n` +
    `Wrote ${written.map((file) => t(file)).join(', ')}\n`
  );
}
