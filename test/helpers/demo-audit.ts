import { demoScan } from '../../support/demo-audit.js';
import type { ScanResult } from '../../src/scan.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

/** The sample estate's "second night" audit: a baseline, suppressions in force, expired and stale. */
export function scanDemoAudit(): ScanResult {
  return demoScan(temporaryDirectory('aiscan-demo-'));
}
