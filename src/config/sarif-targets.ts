/**
 * What `--sarif-for` (reports.sarifFor) can name: `full`, every result in one run, as aiscan has
 * always written it; `github`, laid out to fit GitHub code scanning's upload limits. A setting, so
 * the names live here; report/sarif-github.ts makes the second. schemas/config.schema.json lists
 * them again for editors (a test compares).
 */
export const SARIF_TARGETS = ['full', 'github'] as const;
export type SarifTarget = (typeof SARIF_TARGETS)[number];
export const DEFAULT_SARIF_TARGET: SarifTarget = 'full';
