import { SEVERITIES } from '../../engine/rule.js';
import type { SuppressionStatus } from '../../gate/apply-suppressions.js';
import type { ScanResult } from '../../scan.js';
import { ENDING_SOON_DAYS } from '../markdown-gate.js';
import { countsOf, summarise } from '../summary.js';
import { rulesNotEvaluatedBy } from '../not-evaluated.js';
import { shardRows, shardsPresent, shardSummary, type ShardRow } from '../shards.js';
import type { GithubSarifSummary } from '../sarif-github.js';
import { html, type Html } from './escape.js';

export function coverageSection(result: ScanResult): Html {
  const shards = shardsPart(result);
  if (result.gaps.length === 0 && result.shards?.complete !== false) {
    return html`<section class="card" id="coverage"><h2>Coverage</h2><p class="muted">Everything the rules need was read in every subscription.</p>${shards}</section>`;
  }
  if (result.gaps.length === 0) return html`<section class="card" id="coverage"><h2>Coverage gaps</h2>${shards}</section>`;
  const blocked = rulesNotEvaluatedBy(result);
  return html`<section class="card" id="coverage"><h2>Coverage gaps</h2>${shards}
<p>These were not read, so the rules that need them were <strong>not evaluated</strong> there. They are never counted as compliant.</p>
<table><thead><tr><th>Subscription</th><th>Resource type</th><th>Status</th><th>Detail</th><th>Not evaluated</th></tr></thead><tbody>
${result.gaps.map((gap) => html`<tr><td><code>${gap.subscriptionId}</code></td><td><code>${gap.resourceType}</code></td><td>${gap.status}</td><td>${gap.message ?? ''}</td><td>${blocked(gap).join(', ')}</td></tr>`)}
</tbody></table>
${result.notEvaluated.length ? html`<p class="muted">${result.notEvaluated.length} rule × subscription combination(s) were not evaluated because of these gaps.</p>` : ''}
</section>`;
}

const MAX_SHARD_ROWS = 500;
const SHARD_STATE: Record<ShardRow['state'], Html> = {
  present: html`scanned`,
  missing: html`<span class="state expired">missing: not read, not scanned</span>`,
  duplicated: html`<span class="state expired">given more than once</span>`,
  foreign: html`<span class="state expired">another collection: not part of this set</span>`,
};

/** Whether every shard of a sharded collection was scanned, and which snapshot holds each. */
function shardsPart(result: ScanResult): Html {
  if (!result.shards) return html``;
  const { rows, more } = shardRows(result.shards, MAX_SHARD_ROWS);
  return html`
<h3>Shards</h3><p>${shardSummary(result.shards)}.</p>
<table><thead><tr><th>Shard</th><th>Snapshot</th><th>State</th></tr></thead><tbody>
${rows.map((row) => html`<tr><td class="nowrap">${row.shard}</td><td>${row.files.length > 0 ? row.files.map((file, i) => html`${i ? ', ' : ''}<code>${file}</code>`) : '—'}</td><td>${SHARD_STATE[row.state]}</td></tr>`)}
</tbody></table>${more ? html`<p class="muted">…and ${more} more in aiscan.json.</p>` : ''}`;
}

/** Rules not evaluated on resources because what they decide on is known only at deployment, or was not read. */
export function undecidedSection(result: ScanResult): Html {
  if (result.undecided.length === 0) return html``;
  const shown = result.undecided.slice(0, MAX_UNDECIDED_ROWS);
  return html`<section class="card" id="undecided"><h2>Not evaluated: values the scan cannot know</h2>
<p>A value these rules decide on is known only at deployment (a template's <code>reference()</code>, <code>list*()</code>, a secret or the like; a manifest's namespace) or was not read (a role that a Kubernetes binding grants, not in the scan). They were <strong>not evaluated</strong> on these resources, and are never counted as compliant.</p>
<table><thead><tr><th>Rule</th><th>Resource</th><th>Depends on</th><th>Where</th></tr></thead><tbody>
${shown.map((entry) => html`<tr><td>${entry.ruleId}</td><td><code>${entry.resourceName}</code></td><td><code>${entry.expression}</code></td><td><code>${entry.location.file}:${entry.region.startLine}</code></td></tr>`)}
</tbody></table>
${result.undecided.length > shown.length ? html`<p class="muted">…and ${result.undecided.length - shown.length} more in aiscan.json.</p>` : ''}
</section>`;
}

const MAX_UNDECIDED_ROWS = 500;

export function suppressionsSection(result: ScanResult): Html {
  if (result.suppressions.length === 0) return html``;
  const order: Record<SuppressionStatus['state'], number> = { expired: 0, stale: 1, active: 2 };
  const statuses = [...result.suppressions].sort((a, b) => order[a.state] - order[b.state]);
  const label = (s: SuppressionStatus) =>
    s.state === 'expired'
      ? html`<span class="state expired">expired ${s.suppression.expires}</span>`
      : s.state === 'stale'
        ? html`<span class="state">stale: matches nothing</span>`
        : s.daysLeft !== undefined && s.daysLeft <= ENDING_SOON_DAYS
          ? html`<span class="state expired">ends in ${s.daysLeft} day(s)</span>`
          : html`<span class="state suppressed">in force</span>`;
  return html`<section class="card" id="suppressions"><h2>Suppressions</h2>
<p>Accepted risk stays in the report but does not fail the build. An <strong>expired</strong> suppression no longer applies: its findings fail again. A <strong>stale</strong> one matches nothing: remove it or fix its pattern.</p>
<table><thead><tr><th>State</th><th>Rule</th><th>Resource</th><th>Findings</th><th>Ends</th><th>Justification</th><th>Owner / approver</th><th>Declared in</th></tr></thead><tbody>
${statuses.map(
  (s) => html`<tr><td>${label(s)}</td><td class="nowrap"><code>${s.suppression.rule}</code></td><td class="resource">${s.suppression.resource}</td><td>${s.matched}</td><td class="nowrap">${s.suppression.permanent ? 'permanent' : s.suppression.expires}</td><td>${s.suppression.justification}${s.suppression.ticket ? html` <span class="muted">(${s.suppression.ticket})</span>` : ''}</td><td>${[s.suppression.owner, s.suppression.approvedBy ? `approved by ${s.suppression.approvedBy}` : ''].filter(Boolean).join('; ')}</td><td><code>${s.suppression.source}</code></td></tr>`,
)}
</tbody></table></section>`;
}

export function fixedSection(result: ScanResult): Html {
  if (!result.baseline || (result.absent.length === 0 && result.unverified.length === 0)) return html``;
  const fixed = [...result.absent].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return html`<section class="card" id="fixed"><h2>Fixed since the baseline (${fixed.length})</h2>
${result.unverified.length ? html`<p>${result.unverified.length} finding(s) of the baseline could not be re-checked (subscription not scanned or not readable, rule not run, or resource out of scope), so they are <strong>not</strong> counted as fixed.</p>` : ''}
<table><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Finding in the baseline</th></tr></thead><tbody>
${fixed.map((f) => html`<tr><td><span class="badge sev-${f.severity}">${f.severity}</span></td><td class="nowrap"><code>${f.ruleId}</code></td><td class="resource">${f.resourceId}</td><td>${f.message}</td></tr>`)}
</tbody></table></section>`;
}

/** What the SARIF for GitHub (`--sarif-for github`) left out, so the audit's reader knows the Security tab is not the whole picture. */
export function githubSarifSection(summary: GithubSarifSummary | undefined): Html {
  if (!summary || summary.leftOut === 0) return html``;
  const cut = summary.categories.filter((category) => category.leftOut > 0);
  return html`<section class="card" id="github-sarif"><h2>Left out of the SARIF for GitHub code scanning</h2>
<p><strong>${summary.leftOut} of ${summary.total} results are not in aiscan.sarif</strong>, the least important first (fixed, then by severity), to fit GitHub code scanning's limits (at most ${summary.limits.resultsPerRun} results per run, ${summary.limits.runsPerFile} runs per file). GitHub does not show them. Every result is in ${summary.completeIn.length > 0 ? summary.completeIn.map((file, i) => html`${i ? ' and ' : ''}<code>${file}</code>`) : 'the full SARIF'} and in this report.</p>
<table><thead><tr><th>Left out</th>${SEVERITIES.map((severity) => html`<th>${severity}</th>`)}</tr></thead><tbody>
<tr><td>results</td>${SEVERITIES.map((severity) => html`<td>${summary.leftOutBySeverity[severity]}</td>`)}</tr>
</tbody></table>
<table><thead><tr><th>Category</th><th>Results</th><th>Left out</th></tr></thead><tbody>
${cut.map((category) => html`<tr><td><code>${category.category}</code>${category.written ? '' : ' (run not written)'}</td><td>${category.results}</td><td>${category.leftOut}</td></tr>`)}
</tbody></table></section>`;
}

export function rulesSection(result: ScanResult): Html {
  return html`<section class="card" id="rules"><h2>Rules</h2>
<table><thead><tr><th>Rule</th><th>Severity</th><th>Area</th><th>Fail</th><th>Pass</th><th>Not applicable</th><th>Not evaluated</th></tr></thead><tbody>
${result.rules.map((rule) => {
  const c = countsOf(result, rule.id);
  return html`<tr><td><code>${rule.id}</code> ${rule.title}</td><td><span class="badge sev-${rule.severity}">${rule.severity}</span></td><td>${rule.area}</td><td>${c.fail}</td><td>${c.pass}</td><td>${c.notApplicable}</td><td>${c.notEvaluated}</td></tr>`;
})}
</tbody></table></section>`;
}

export function configChangesSection(result: ScanResult): Html {
  if (result.configChanges.length === 0) return html``;
  return html`<section class="card" id="config-changes"><h2>Settings that change the built-in checks</h2><p>This scan does not run aiscan's built-in rules as shipped:</p><ul>${result.configChanges.map((change) => html`<li>${change.text}</li>`)}</ul></section>`;
}

export function warningsSection(result: ScanResult): Html {
  if (result.warnings.length === 0) return html``;
  return html`<section class="card" id="warnings"><h2>Warnings</h2><ul>${result.warnings.map((w) => html`<li>${w}</li>`)}</ul></section>`;
}

export function tiles(result: ScanResult): Html {
  const summary = summarise(result);
  const tile = (value: number, label: string, tone = '') => html`<div class="tile ${tone}"><div class="value">${value}</div><div class="label">${label}</div></div>`;
  const gating = result.findings.filter((f) => f.gating).length;
  const suppressed = result.findings.filter((f) => f.suppression).length;
  const expired = result.suppressions.filter((s) => s.state === 'expired').length;
  return html`<div class="tiles">
${tile(result.resourceCount, 'resources scanned')}
${tile(result.rules.length, 'rules run')}
${tile(summary.totals.pass, 'checks passed', 'good')}
${tile(result.findings.length, 'findings')}
${tile(gating, 'failing the gate', gating ? 'alert' : 'good')}
${result.baseline ? tile(result.findings.filter((f) => f.baselineState === 'new').length, 'new since baseline', 'alert') : ''}
${result.baseline ? tile(result.absent.length, 'fixed since baseline', 'good') : ''}
${result.suppressions.length ? tile(suppressed, 'suppressed') : ''}
${expired ? tile(expired, 'expired suppressions', 'alert') : ''}
${tile(result.gaps.length, 'coverage gaps', result.gaps.length ? 'alert' : 'good')}${result.shards ? tile(shardsPresent(result.shards), `of ${result.shards.count} shards present`, result.shards.complete ? 'good' : 'alert') : ''}
</div>`;
}
