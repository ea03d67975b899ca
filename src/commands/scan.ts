import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { resolveScanSettings, type ScanFlags, type ScanSettings } from '../config/settings.js';
import { loadRules } from '../engine/load-rules.js';
import { UserError } from '../errors.js';
import { readBaseline } from '../gate/baseline.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { renderTerminal } from '../report/terminal.js';
import { writeFilesAtomically } from '../files/write-atomic.js';
import { scan } from '../scan.js';
import { hasLiveScope, type LiveArgs } from './live-options.js';

export interface ScanCommandOptions extends ScanFlags {
  snapshots: string[];
  /** Live scope and sign-in flags: used when no --snapshot is given. */
  live?: LiveArgs;
  quiet: boolean;
}

export async function scanCommand(options: ScanCommandOptions, io: CliIO): Promise<number> {
  if (options.snapshots.length > 0 && options.live && hasLiveScope(options.live)) {
    throw new UserError('scan: give either --snapshot FILE or a live scope (--subscription, --all-subscriptions, --management-group), not both');
  }
  const settings = resolveScanSettings(options);
  // Read the baseline before a live collection that may take minutes, so a bad file fails at once.
  const baseline = settings.baseline === undefined ? undefined : readBaseline(settings.baseline);
  const snapshots = options.snapshots.length > 0 ? options.snapshots : await collectForScan(options, settings, io);
  const result = scan({
    snapshots,
    directories: settings.ruleFolders,
    builtin: settings.builtinRules,
    parameters: settings.parameters,
    ...(settings.configFile !== undefined ? { configFile: settings.configFile } : {}),
    ...(settings.builtinRulesOffBy !== undefined ? { builtinRulesOffBy: settings.builtinRulesOffBy } : {}),
    ruleSelection: settings.ruleSelection,
    scopes: settings.scopes,
    failOn: settings.failOn,
    baseline,
    newOnly: settings.newOnly,
    suppressions: settings.suppressions,
    recordOutcomes: settings.formats.includes('junit'),
  });
  // Each report is rendered as it is written, a chunk at a time (SARIF and JSON) or whole just
  // before (the others), so a large scan never holds a whole SARIF or JSON report.
  const reports = new Map(
    [...new Set(settings.formats)].map((format) => {
      const { file, chunks } = REPORT_FORMATS[format];
      return [join(settings.out, file), () => chunks(result, { category: settings.category })] as const;
    }),
  );
  writeFilesAtomically(reports);
  if (!options.quiet) io.stdout(renderTerminal(result, [...reports.keys()]));
  return result.exitCode;
}

/**
 * A live scan reads Azure into a snapshot beside the reports, then scans that file like any
 * other: every SARIF result points into the snapshot, the evidence of what was read.
 */
async function collectForScan(options: ScanCommandOptions, settings: ScanSettings, io: CliIO): Promise<string[]> {
  if (!options.live) throw new UserError('scan: nothing to scan; give an estate file with --snapshot FILE');
  // Loaded on use: the Azure SDKs are a third of the modules and only live scans need them.
  const { collectLive, liveScopeOf, SNAPSHOT_FILE_NAME } = await import('./collect.js');
  const scope = await liveScopeOf(options.live, io, options.quiet, 'scan');
  // A malformed rule fails now, not after a collection that may take minutes.
  loadRules({ directories: settings.ruleFolders, builtin: settings.builtinRules, parameters: settings.parameters, configFile: settings.configFile });
  const file = options.live.snapshotOut ?? join(settings.out, SNAPSHOT_FILE_NAME);
  await collectLive(options.live, scope, file, io, options.quiet);
  return [file];
}
