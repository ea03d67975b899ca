/**
 * The report formats a user can ask for, by the names that flags and config files use. The names
 * are configuration: report/formats.ts renders each one, and the compiler holds the two lists
 * together. schemas/config.schema.json lists them again for editors (a test compares).
 */
export const REPORT_FORMAT_NAMES = ['sarif', 'json', 'md', 'html', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMAT_NAMES)[number];
export const DEFAULT_FORMATS: readonly ReportFormat[] = ['sarif', 'json', 'md'];
