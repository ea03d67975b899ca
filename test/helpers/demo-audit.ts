import { demoScan } from '../../scripts/html-demo.js';
import type { ScanResult } from '../../src/scan.js';
import { temporaryDirectory } from './temporary-directory.js';

/** The sample estate's "second night" audit: a baseline, suppressions in force, expired and stale. */
export function scanDemoAudit(): ScanResult {
  return demoScan(temporaryDirectory('aiscan-demo-'));
}
