import { existsSync } from 'node:fs';
import type { CliIO } from '../cli.js';
import { DEFAULT_CONFIG_FILE } from '../config/config.js';
import { loadRules } from '../engine/load-rules.js';
import { UserError } from '../errors.js';
import { writeFilesAtomically } from '../files/write-atomic.js';
import { initRuleCommand } from './init-rule.js';

export const CONFIG_SCHEMA_URL = 'https://raw.githubusercontent.com/aiscan/aiscan/main/schemas/config.schema.json';

export interface InitCommandOptions {
  file?: string;
  force: boolean;
  quiet: boolean;
  now?: () => Date;
  /** A starter rule instead (`--rule ID --type TYPE [--area] [--dir]`). */
  rule?: string;
  type?: string;
  area?: string;
  dir?: string;
}

/** Writes a commented aiscan.config.json, or with --rule a starter rule and its tests; never overwrites without --force. */
export function initCommand(options: InitCommandOptions, io: CliIO): number {
  if (options.rule !== undefined) {
    if (options.file !== undefined) throw new UserError(`init --rule writes a rule and its tests, not ${options.file}; leave the file out (--dir says where the rule goes)`);
    if (options.type === undefined) throw new UserError('init --rule: name the resource type the rule applies to with --type, such as --type Microsoft.Compute/virtualMachines');
    const { rule: id, type, area = 'custom', dir = 'rules', force, quiet } = options;
    return initRuleCommand({ id, type, area, dir, force, quiet }, io);
  }
  const stray = (['type', 'area', 'dir'] as const).find((name) => options[name] !== undefined);
  if (stray) throw new UserError(`init: --${stray} goes with --rule <id>, which writes a starter rule`);
  const file = options.file ?? DEFAULT_CONFIG_FILE;
  if (existsSync(file) && !options.force) {
    throw new UserError(`init: ${file} already exists; edit it, or run aiscan init --force to replace it`);
  }
  const rules = loadRules();
  const areas = [...new Set(rules.map((rule) => rule.area))].sort();
  const example = rules.find((rule) => rule.parameters && Object.keys(rule.parameters).length > 0) ?? rules[0];
  writeFilesAtomically(new Map([[file, starterConfig(areas, example?.id ?? 'AIS-AKS-001', (options.now ?? (() => new Date()))())]]));
  if (!options.quiet) {
    io.stdout(`Wrote ${file}. Edit it, then run: aiscan scan <templates folder> or aiscan scan --snapshot <estate.json>\n(the settings are described in schemas/config.schema.json; flags override them)\n`);
  }
  return 0;
}

/** The starter file: every setting present or shown in a comment, so users edit rather than look things up. */
export function starterConfig(areas: readonly string[], exampleRuleId: string, today: Date): string {
  const inNinetyDays = new Date(today.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  return `// aiscan configuration. Comments are allowed; paths are relative to this file.
// Command-line flags override these settings. Reference: schemas/config.schema.json.
{
  "$schema": "${CONFIG_SCHEMA_URL}",

  "rules": {
    // Folders of your own rule files, added to the built-in pack.
    "folders": [],
    // Run only some rules: rule ids, names, globs (AIS-RBAC-*), area:<area> or tag:<tag>.
    // Areas in this version: ${areas.join(', ')}.
    // "include": ["area:${areas[0] ?? 'aks'}"],
    // Rules that do not apply to you.
    "exclude": [],
    // Re-grade rules for your organisation: critical, high, medium, low or info.
    "severity": {
      // "${exampleRuleId}": "medium"
    },
    // Rule parameters ("aiscan rules show <id>" lists each rule's parameters and defaults).
    "parameters": {}
  },

  "scopes": {
    // Subscription ids, resource ids (the resource and everything below it) or globs over ids.
    // Resources outside the scope are still read for joins, but produce no findings.
    "exclude": [
      // "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sandbox"
    ]
  },

  "reports": {
    "out": "reports",
    // sarif (code scanning), json, md (job summary), html (audit report), junit (test results).
    "formats": ["sarif", "json", "md", "html"]
  },

  "gate": {
    // Exit 1 when a finding reaches this severity: critical, high, medium, low, info or none.
    "failOn": "high",
    // With the SARIF of an earlier scan as the baseline, fail only on findings that are new.
    // "baseline": "reports/previous/aiscan.sarif",
    "newOnly": false
  },

  "templates": {
    // Where ARM templates and Bicep files would deploy (--subscription-id, --resource-group and
    // --location override). Unset, placeholders stand in: ids and uniqueString() stay the same
    // between runs either way.
    // "subscriptionId": "00000000-0000-0000-0000-000000000000",
    // "resourceGroup": "rg-gpu",
    // "location": "swedencentral",
    // Values for template parameters that no parameter file gives and that have no default.
    "parameters": {}
  },

  // Accepted risk. Each entry needs a justification and an end date, or else "permanent": true
  // and "approvedBy". Suppressed findings stay in the reports but do not fail the build until the
  // date passes. They can also live in aiscan.suppressions.json beside this file.
  "suppressions": [
    // {
    //   "rule": "${exampleRuleId}",
    //   "resource": "/subscriptions/*/resourceGroups/rg-gpu-lab/**",
    //   "justification": "Lab cluster, no production data; tracked in SEC-123",
    //   "expires": "${inNinetyDays}",
    //   "owner": "platform-team@example.com"
    // }
  ]
}
`;
}
