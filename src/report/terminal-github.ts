import { terminalText as t } from '../text/terminal-text.js';
import type { GithubSarifSummary } from './sarif-github.js';
import { severityList } from './sarif-github.js';

const SHOWN_CATEGORIES = 10;

/** The summary's lines on the SARIF for GitHub (`--sarif-for github`): what it holds, what it left out and where everything is. */
export function githubSarifLines(summary: GithubSarifSummary): string[] {
  const size = `${(summary.gzipBytes / 1_000_000).toFixed(1)} MB gzipped`;
  const runs = `${summary.runs} run${summary.runs === 1 ? '' : 's'}`;
  if (summary.leftOut === 0) return [`SARIF for GitHub: all ${summary.total} results in ${runs} (${size}), within code scanning's limits`];
  const where = summary.completeIn.length > 0 ? summary.completeIn.join(' and ') : 'the full SARIF (--sarif-for full)';
  const lines = [
    `SARIF for GitHub: ${summary.written} of ${summary.total} results in ${runs} (${size}); ${summary.leftOut} left out to fit code scanning's limits ` +
      `(${severityList(summary.leftOutBySeverity)}), the least important first; every result is in ${where}`,
  ];
  const cut = summary.categories.filter((category) => category.leftOut > 0);
  for (const category of cut.slice(0, SHOWN_CATEGORIES)) {
    lines.push(`  ${t(category.category)}: ${category.leftOut} of ${category.results} left out${category.written ? '' : ' (run not written: GitHub keeps its last analysis)'}`);
  }
  if (cut.length > SHOWN_CATEGORIES) lines.push(`  …and ${cut.length - SHOWN_CATEGORIES} more categories (see aiscan.sarif's notifications)`);
  return lines;
}
