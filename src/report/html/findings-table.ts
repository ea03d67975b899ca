import type { CompiledRule } from '../../engine/rule.js';
import { SEVERITIES, severityRank } from '../../engine/rule.js';
import type { GatedFinding, ScanResult } from '../../scan.js';
import { rankFindings } from '../rank-findings.js';
import { ruleHelpUri } from '../sarif.js';
import { block, html, safeUrl, type Html } from './escape.js';

/** Beyond this many rows a browser slows down and the file grows past what people open; the rest is in the JSON. */
export const MAX_TABLE_ROWS = 5000;

const STATE_LABELS: Record<string, string> = {
  gating: 'fails the gate',
  new: 'new',
  updated: 'updated',
  unchanged: 'unchanged',
  suppressed: 'suppressed',
  expired: 'suppression expired',
};

export function findingsTable(result: ScanResult): Html {
  const rules = new Map(result.rules.map((rule) => [rule.id, rule]));
  const ranked = rankFindings(result.findings);
  const shown = ranked.slice(0, MAX_TABLE_ROWS);
  const areas = [...new Set(result.findings.map((f) => f.area))].sort();
  const states = Object.keys(STATE_LABELS).filter((state) => result.findings.some((f) => statesOf(f).includes(state)));
  if (result.findings.length === 0) {
    return html`<section class="card" id="findings-section"><h2>Findings</h2><p class="muted">No findings: every rule passed, was not applicable, or (see coverage gaps) could not be evaluated.</p></section>`;
  }
  return html`<section class="card" id="findings-section">
<h2>Findings</h2>
<div class="filters" role="search">
  <input type="search" id="filter-text" placeholder="Filter by text: rule, resource, message, evidence…" aria-label="Filter findings by text">
  <select id="filter-severity" aria-label="Severity"><option value="">All severities</option>${SEVERITIES.map((s) => html`<option value="${s}">${s}</option>`)}</select>
  <select id="filter-area" aria-label="Area"><option value="">All areas</option>${areas.map((a) => html`<option value="${a}">${a}</option>`)}</select>
  <select id="filter-state" aria-label="State"><option value="">All states</option>${states.map((s) => html`<option value="${s}">${STATE_LABELS[s]}</option>`)}</select>
  <button type="button" id="toggle-details" aria-pressed="false">Expand all</button>
  <span class="count" id="filter-count" aria-live="polite">Showing ${shown.length} of ${shown.length}</span>
</div>
${ranked.length > shown.length ? html`<p class="muted">The ${shown.length} most important of ${ranked.length} findings are shown; aiscan.json and aiscan.sarif hold them all.</p>` : ''}
<table id="findings">
<colgroup><col class="c-sev"><col class="c-rule"><col class="c-res"><col class="c-area"><col class="c-state"><col></colgroup>
<thead><tr>
  <th data-sort="sevrank" data-type="number" scope="col"><button type="button">Severity</button></th>
  <th data-sort="rule" scope="col"><button type="button">Rule</button></th>
  <th data-sort="resource" scope="col"><button type="button">Resource</button></th>
  <th data-sort="area" scope="col"><button type="button">Area</button></th>
  <th data-sort="states" scope="col"><button type="button">State</button></th>
  <th scope="col">Finding (click for evidence and fix)</th>
</tr></thead>
<tbody>
${shown.map((finding, index) => findingRow(finding, rules.get(finding.ruleId)!, index))}
</tbody>
</table>
</section>`;
}

function statesOf(finding: GatedFinding): string[] {
  return [
    finding.gating ? 'gating' : '',
    finding.baselineState ?? '',
    finding.suppression ? 'suppressed' : '',
    finding.expiredSuppression ? 'expired' : '',
  ].filter(Boolean);
}

function findingRow(finding: GatedFinding, rule: CompiledRule, rank: number): Html {
  const states = statesOf(finding);
  return html`<tr data-rank="${rank}" data-severity="${finding.severity}" data-sevrank="${severityRank(finding.severity)}" data-rule="${finding.ruleId}" data-resource="${finding.resourceId.toLowerCase()}" data-area="${finding.area}" data-states="${states.join(' ')}">
<td><span class="badge sev-${finding.severity}">${finding.severity}</span></td>
<td><code class="nowrap">${finding.ruleId}</code><div class="muted">${rule.title}</div></td>
<td class="resource"><strong>${finding.resourceName}</strong><div class="id">${finding.resourceId}</div></td>
<td>${finding.area}</td>
<td>${states.map((state) => html`<span class="state ${state}">${STATE_LABELS[state]}</span>`)}</td>
<td><details><summary>${finding.message}</summary><div class="detail">${details(finding, rule)}</div></details></td>
</tr>
`;
}

function details(finding: GatedFinding, rule: CompiledRule): Html {
  const { region } = finding;
  const lines = region.startLine === region.endLine ? `line ${region.startLine}` : `lines ${region.startLine}–${region.endLine}`;
  const docs = safeUrl(ruleHelpUri(rule));
  return html`<dl class="kv"><dt>Where</dt><dd><code>${finding.location.file}:${region.startLine}:${region.startColumn}</code></dd>${
    finding.failingPaths.length ? html`<dt>Failing</dt><dd>${finding.failingPaths.map((p, i) => html`${i ? ', ' : ''}<code>${p}</code>`)}</dd>` : ''
  }<dt>Type</dt><dd><code>${finding.resourceType}</code></dd></dl>
<div><strong>Evidence</strong> <span class="muted">${finding.location.file}, ${lines}</span><pre><code>${block(evidence(region.snippet, region.startColumn))}</code></pre></div>
${rule.rationale ? html`<div><strong>Why it matters.</strong> ${rule.rationale}</div>` : ''}
<div><strong>Fix.</strong> ${rule.remediation.summary}</div>
${rule.remediation.portal ? html`<div><strong>Portal.</strong> ${rule.remediation.portal}</div>` : ''}
${rule.remediation.cli ? html`<div><strong>Azure CLI</strong><pre><code>${block(rule.remediation.cli)}</code></pre></div>` : ''}
${rule.remediation.bicep ? html`<div><strong>Bicep</strong><pre><code>${block(rule.remediation.bicep)}</code></pre></div>` : ''}
${finding.suppression ? html`<div><strong>Suppressed</strong> ${finding.suppression.permanent ? html`permanently (approved by ${finding.suppression.approvedBy})` : html`until ${finding.suppression.expires}`}: ${finding.suppression.justification} <span class="muted">(${finding.suppression.source})</span></div>` : ''}
${finding.expiredSuppression ? html`<div><strong>Suppression expired</strong> on ${finding.expiredSuppression.expires}: ${finding.expiredSuppression.justification} <span class="muted">(${finding.expiredSuppression.source})</span></div>` : ''}
${docs ? html`<div><a href="${docs}" rel="noopener noreferrer">Rule documentation for ${rule.id}</a></div>` : ''}`;
}

/**
 * The snippet starts at the property, so its first line has lost the indentation the others keep.
 * Put it back, then remove the indentation all lines share.
 */
export function evidence(snippet: string, startColumn: number): string {
  const lines = (' '.repeat(Math.max(0, startColumn - 1)) + snippet).split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
