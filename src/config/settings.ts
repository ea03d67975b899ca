import { UserError } from '../errors.js';
import type { FailOn } from '../gate/exit-code.js';
import { NEW_ONLY_NEEDS_BASELINE } from '../gate/gate.js';
import type { ScopeSettings, TemplateSettings } from './config.js';
import { loadConfig } from './config.js';
import { DEFAULT_FORMATS, type ReportFormat } from './report-formats.js';
import { DEFAULT_SARIF_TARGET, type SarifTarget } from './sarif-targets.js';
import type { RuleSelection } from './select-rules.js';
import type { Suppression } from './suppressions.js';

/** What the user asked for on the command line; undefined means "not given". */
export interface ScanFlags {
  rules?: string[];
  builtinRules?: boolean;
  out?: string;
  formats?: ReportFormat[];
  failOn?: FailOn;
  category?: string;
  sarifFor?: SarifTarget;
  config?: string;
  baseline?: string;
  newOnly?: boolean;
  suppressions?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  /** Seconds one run of the Bicep CLI may take. */
  bicepTimeout?: number;
}

/** The settings a scan runs with: built-in defaults, overridden by the config file, overridden by flags. */
export interface ScanSettings {
  configFile?: string;
  ruleFolders: string[];
  builtinRules: boolean;
  /** When the built-in rules are left out: the flag or file that left them out. */
  builtinRulesOffBy?: string;
  parameters: Record<string, Record<string, unknown>>;
  ruleSelection: RuleSelection;
  scopes: ScopeSettings;
  out: string;
  formats: ReportFormat[];
  failOn: FailOn;
  category: string;
  /** Which SARIF aiscan.sarif is: `full`, or `github` (fits code scanning's limits; aiscan.full.sarif beside it). */
  sarifFor: SarifTarget;
  baseline?: string;
  newOnly: boolean;
  suppressions: Suppression[];
  templates: TemplateOptions;
}

/** How the templates a scan is given are expanded. */
export interface TemplateOptions {
  /** Where templates deploy; what is not given is a placeholder (sources/arm-template/deployment-scope.ts). */
  target: Omit<TemplateSettings, 'parameters' | 'bicepTimeoutSeconds'>;
  parameterDefaults: Record<string, unknown>;
  /** Unset: the Bicep integration's default. */
  bicepTimeoutMs?: number;
}

export const DEFAULTS = { out: 'reports', failOn: 'high' as FailOn, category: 'aiscan' } as const;

export function resolveScanSettings(flags: ScanFlags, options: { cwd?: string } = {}): ScanSettings {
  const loaded = loadConfig({ file: flags.config, suppressionsFile: flags.suppressions, cwd: options.cwd });
  const { rules = {}, reports = {}, gate = {} } = loaded.config;
  const baseline = flags.baseline ?? gate.baseline;
  const newOnly = flags.newOnly ?? gate.newOnly ?? false;
  if (newOnly && baseline === undefined) {
    // Say where --new-only came from when the flag was not given: the config file, and the place in it.
    throw new UserError(flags.newOnly === undefined && loaded.file !== undefined ? `${loaded.file}: at /gate/newOnly: ${NEW_ONLY_NEEDS_BASELINE}` : NEW_ONLY_NEEDS_BASELINE);
  }
  return {
    ...(loaded.file !== undefined ? { configFile: loaded.file } : {}),
    // Folders add up: the config's team rules plus whatever this run adds.
    ruleFolders: [...(rules.folders ?? []), ...(flags.rules ?? [])],
    builtinRules: flags.builtinRules ?? rules.builtin ?? true,
    ...(flags.builtinRules === false ? { builtinRulesOffBy: '--no-builtin-rules' } : flags.builtinRules === undefined && rules.builtin === false ? { builtinRulesOffBy: `rules.builtin in ${loaded.file}` } : {}),
    parameters: rules.parameters ?? {},
    ruleSelection: { include: rules.include, exclude: rules.exclude, severity: rules.severity, ...(loaded.file ? { source: loaded.file } : {}) },
    scopes: loaded.config.scopes ?? {},
    out: flags.out ?? reports.out ?? DEFAULTS.out,
    formats: flags.formats ?? (reports.formats as ReportFormat[] | undefined) ?? [...DEFAULT_FORMATS],
    failOn: flags.failOn ?? gate.failOn ?? DEFAULTS.failOn,
    category: flags.category ?? reports.category ?? DEFAULTS.category,
    sarifFor: flags.sarifFor ?? reports.sarifFor ?? DEFAULT_SARIF_TARGET,
    ...(baseline !== undefined ? { baseline } : {}),
    newOnly,
    suppressions: loaded.suppressions,
    templates: templateOptions(flags, loaded.config.templates ?? {}),
  };
}

function templateOptions(flags: ScanFlags, settings: TemplateSettings): TemplateOptions {
  const pick = (key: keyof TemplateOptions['target'], value: string | undefined) => (value !== undefined ? { [key]: value } : {});
  const timeoutSeconds = flags.bicepTimeout ?? settings.bicepTimeoutSeconds;
  return {
    target: {
      ...pick('subscriptionId', flags.subscriptionId ?? settings.subscriptionId),
      ...pick('resourceGroup', flags.resourceGroup ?? settings.resourceGroup),
      ...pick('location', flags.location ?? settings.location),
      ...pick('tenantId', settings.tenantId),
      ...pick('managementGroup', settings.managementGroup),
    },
    parameterDefaults: settings.parameters ?? {},
    ...(timeoutSeconds !== undefined ? { bicepTimeoutMs: Math.round(timeoutSeconds * 1000) } : {}),
  };
}
