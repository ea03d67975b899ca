import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Severity } from '../engine/rule.js';
import { UserError } from '../errors.js';
import type { FailOn } from '../gate/exit-code.js';
import type { SarifTarget } from './sarif-targets.js';
import {
  checkSuppressions,
  findSuppressionsFile,
  readSuppressionsFile,
  SUPPRESSION_HINTS,
  type Suppression,
  type SuppressionEntry,
} from './suppressions.js';
import { CONFIG_SCHEMA_FILE, readValidatedFile, type Hints } from './validated-file.js';

export const DEFAULT_CONFIG_FILE = 'aiscan.config.json';

/** Which rules run and how; selectors are ids, names, globs over ids, `area:x` or `tag:x`. */
export interface RuleSettings {
  folders?: string[];
  builtin?: boolean;
  include?: string[];
  exclude?: string[];
  severity?: Record<string, Severity>;
  parameters?: Record<string, Record<string, unknown>>;
}

export interface ScopeSettings {
  include?: string[];
  exclude?: string[];
}

/** aiscan.config.json, as validated by schemas/config.schema.json. */
/** How templates are expanded: where they deploy, values for required parameters, the Bicep CLI's time limit. */
export interface TemplateSettings {
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  tenantId?: string;
  managementGroup?: string;
  parameters?: Record<string, unknown>;
  bicepTimeoutSeconds?: number;
}

export interface AiscanConfig {
  rules?: RuleSettings;
  scopes?: ScopeSettings;
  reports?: { out?: string; formats?: string[]; category?: string; sarifFor?: SarifTarget };
  gate?: { failOn?: FailOn; newOnly?: boolean; baseline?: string };
  templates?: TemplateSettings;
  suppressions?: SuppressionEntry[];
  suppressionsFile?: string;
}

export interface LoadedConfig {
  /** The file read, or undefined when there is none and none was asked for. */
  file?: string;
  /** The settings, with every path made relative to the working directory. */
  config: AiscanConfig;
  /** Inline suppressions plus those of the suppressions file. */
  suppressions: Suppression[];
}

const CONFIG_HINTS: Hints = {
  ...SUPPRESSION_HINTS,
  '*additional': 'aiscan does not know this setting',
  '#ruleSelector': 'use a rule id (AIS-AKS-001), a name, a glob (AIS-RBAC-*), area:<area> or tag:<tag>',
  '#scope': 'use a subscription id, a resource id starting with /, or a glob over resource ids',
};

/**
 * Reads `--config FILE`, or `aiscan.config.json` in the working directory when there is one.
 * `suppressionsFile` (the flag's value wins over the config's) is read here too, so every
 * file a scan depends on fails early with the same kind of one-line error.
 */
export function loadConfig(options: { file?: string; suppressionsFile?: string; cwd?: string } = {}): LoadedConfig {
  const lookIn = options.cwd ?? process.cwd();
  const file = options.file ?? shown(existingFile(join(lookIn, DEFAULT_CONFIG_FILE)));
  let config: AiscanConfig = {};
  let suppressions: Suppression[] = [];
  if (file !== undefined) {
    const { value, text } = readValidatedFile(file, 'a config file', CONFIG_SCHEMA_FILE, CONFIG_HINTS);
    const raw = value as AiscanConfig;
    config = withPathsFrom(raw, dirname(resolve(file)));
    suppressions = checkSuppressions(raw.suppressions ?? [], file, text, '/suppressions');
    checkPathsExist(config, file, options.suppressionsFile !== undefined);
  }
  const besideConfig = file === undefined ? lookIn : dirname(resolve(file));
  const suppressionsFile = options.suppressionsFile ?? config.suppressionsFile ?? shown(findSuppressionsFile(besideConfig));
  if (suppressionsFile !== undefined) suppressions = [...suppressions, ...readSuppressionsFile(suppressionsFile)];
  return { ...(file !== undefined ? { file } : {}), config, suppressions };
}

/** A folder or file the config names that is not there: said at its place in the config, where the mistake is. */
function checkPathsExist(config: AiscanConfig, file: string, suppressionsFlagGiven: boolean): void {
  const missing = (pointer: string, path: string) =>
    new UserError(`${file}: at ${pointer}: ${path} does not exist (paths in a config file are relative to the config file)`);
  (config.rules?.folders ?? []).forEach((folder, index) => {
    if (!existsSync(folder)) throw missing(`/rules/folders/${index}`, folder);
  });
  if (!suppressionsFlagGiven && config.suppressionsFile !== undefined && !existsSync(config.suppressionsFile)) throw missing('/suppressionsFile', config.suppressionsFile);
}

function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

/** Paths in the file are relative to the file; the rest of aiscan wants them relative to the working directory. */
function withPathsFrom(config: AiscanConfig, directory: string): AiscanConfig {
  const fix = (path: string) => shown(isAbsolute(path) ? path : join(directory, path))!;
  return {
    ...config,
    ...(config.rules?.folders ? { rules: { ...config.rules, folders: config.rules.folders.map(fix) } } : {}),
    ...(config.reports?.out ? { reports: { ...config.reports, out: fix(config.reports.out) } } : {}),
    ...(config.gate?.baseline ? { gate: { ...config.gate, baseline: fix(config.gate.baseline) } } : {}),
    ...(config.suppressionsFile ? { suppressionsFile: fix(config.suppressionsFile) } : {}),
  };
}

/** A path as messages and reports show it: relative to the working directory. */
function shown(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return relative(process.cwd(), resolve(path)) || '.';
}
