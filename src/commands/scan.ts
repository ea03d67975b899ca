import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { resolveScanSettings, type ScanFlags, type ScanSettings } from '../config/settings.js';
import { loadRules } from '../engine/load-rules.js';
import { UserError } from '../errors.js';
import { readBaseline } from '../gate/baseline.js';
import { renderTerminal } from '../report/terminal.js';
import { writeReports } from '../report/write-reports.js';
import { scan, scanOptionsFromSettings } from '../scan.js';
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
  const result = scan({ ...scanOptionsFromSettings(settings), snapshots, baseline });
  const written = writeReports(result, settings.formats, settings.out, { category: settings.category });
  if (!options.quiet) io.stdout(renderTerminal(result, written));
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
