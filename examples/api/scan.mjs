// Scans the sample estate through aiscan's API as `aiscan scan --fail-on high` would: the same
// rules, the same gate, the same reports. docs/api.md explains each call.
//
//   npm run build && node examples/api/scan.mjs [OUT_DIR]
//
// The exit code is the scan's: 1 here, because the sample estate has high-severity findings.
import { fileURLToPath } from 'node:url';
import { EXIT, isUserError, scan, terminalText, writeReports } from 'aiscan';

const sample = (name) => fileURLToPath(new URL(`../estate/${name}`, import.meta.url));
const out = process.argv[2] ?? 'reports/api';

try {
  const result = scan({
    snapshots: [sample('subscription-research.json'), sample('subscription-production.json')],
    failOn: 'high',
  });

  // Findings the gate counts: severity at or above failOn, not suppressed, new when only new ones count.
  const gating = result.findings.filter((finding) => finding.gating);
  for (const finding of gating) {
    // Names come from the scanned estate, which anyone who can name a resource writes: print them through terminalText.
    console.log(`${finding.severity.padEnd(8)} ${finding.ruleId}  ${terminalText(finding.resourceName)}  ${finding.location.file}:${finding.region.startLine}`);
  }

  const bySeverity = {};
  for (const finding of result.findings) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  console.log(`${result.resourceCount} resources, ${result.rules.length} rules, findings by severity: ${JSON.stringify(bySeverity)}`);
  // A rule that could not read what it needs is not evaluated in that subscription: never a pass.
  console.log(`not evaluated: ${result.notEvaluated.length} rule × subscription pair(s); coverage gaps: ${result.gaps.length}`);

  const written = writeReports(result, ['sarif', 'md'], out, { category: 'aiscan-api-example' });
  console.log(`wrote ${written.join(', ')}`);
  process.exitCode = result.exitCode;
} catch (error) {
  // A malformed estate or rule file is a UserError: one line saying what and where.
  if (!isUserError(error)) throw error;
  console.error(`aiscan: ${error.message}`);
  process.exitCode = EXIT.usage;
}
