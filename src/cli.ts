import yargs, { type Argv } from 'yargs';
import { isUserError, UserError } from './errors.js';
import { EXIT, FAIL_ON_CHOICES, type FailOn } from './gate/exit-code.js';
import { toolVersion } from './package-info.js';
import { redactSecrets } from './redaction/credentials.js';
import { guardTerminalOutput, terminalText } from './text/terminal-text.js';
import { DEFAULT_FORMATS, REPORT_FORMATS, type ReportFormat } from './report/formats.js';
import { diffCommand } from './commands/diff.js';
import { gateOptions } from './commands/gate-options.js';
import { initCommand } from './commands/init.js';
import { rulesListCommand, rulesShowCommand, rulesTestCommand, rulesValidateCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { PLACEHOLDERS } from './sources/arm-template/deployment-scope.js';
import { liveArgsOf, liveOptions, shardOption } from './commands/live-options.js';
import { STANDARD_INPUT } from './files/standard-input.js';
import { SARIF_TARGETS, type SarifTarget } from './config/sarif-targets.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is redrawn in place there); false when absent. */
  stderrIsTTY?: boolean;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

/** The options every command shares. */
export interface CommonArgs {
  quiet: boolean;
  verbose: boolean;
}

function ruleFolderOptions<T>(y: Argv<T>) {
  return y
    .option('rules', { type: 'string', array: true, default: [] as string[], describe: 'Add a folder of rule files (repeatable)' })
    .option('builtin-rules', { type: 'boolean', describe: 'Include the built-in rule pack (default; --no-builtin-rules to leave it out)' });
}

/** `--format sarif,json --format md` is sarif, json and md: lists and repeats, mixed as people type them. */
function formatList(values: readonly unknown[]): string[] {
  return values.flatMap((value) => String(value).split(',')).map((format) => format.trim());
}

/**
 * Everything the CLI prints passes through `guardTerminalOutput`, whoever wrote it (a command, a
 * progress line, yargs, an error), so that no text from the estate or from an input file can
 * rewrite the terminal or give a CI runner a command.
 */
function guarded(io: CliIO): CliIO {
  return { ...io, stdout: (text) => io.stdout(guardTerminalOutput(text)), stderr: (text) => io.stderr(guardTerminalOutput(text)) };
}

/**
 * A lone `-` stands for standard input wherever a file is named: among a command's paths
 * (`helm template … | aiscan scan -`, `aiscan diff - new.sarif`) and as an option's value
 * (`--snapshot -`, `--baseline -`). yargs drops it in both places: an option got no value (or, for
 * a repeatable one, nothing at all), and a path after a flag (`scan -q -`) was lost without a word.
 * So it is renamed before parsing and back before anything reads or checks the arguments. No
 * argument can hold a NUL character.
 */
const STANDARD_INPUT_ARGUMENT = '\0-';

function withStandardInputArgument(argv: readonly string[]): string[] {
  return argv.map((arg, index) => (arg === STANDARD_INPUT && index > 0 ? STANDARD_INPUT_ARGUMENT : arg));
}

/** The commands' positional arguments, as their usage lines name them. */
const POSITIONALS: Record<string, string> = { paths: 'PATH', old: 'OLD', new: 'NEW', sarif: 'SARIF', file: 'FILE' };

/** Where aiscan writes: a folder of reports, a snapshot, a Markdown diff, a configuration. None of them is standard output. */
const WRITTEN_TO = ['out', 'snapshot-out', 'file'];

/**
 * Every argument yargs parsed, paths and option values alike, with `-` given back; `-` where aiscan
 * writes is refused, since it would make a file or folder named `-` (or, dropped by yargs, write
 * into the current folder).
 */
function restoreStandardInput(args: Record<string, unknown>): void {
  const restored = (value: unknown): unknown => (value === STANDARD_INPUT_ARGUMENT ? STANDARD_INPUT : Array.isArray(value) ? value.map(restored) : value);
  for (const key of Object.keys(args)) args[key] = restored(args[key]);
  // yargs keeps each option under its aliases and camel-cased too: one-letter and camel-cased keys are left out of the count.
  const readers = Object.keys(args).flatMap((key) => (/^[a-z][a-z-]+$/.test(key) ? [args[key]].flat().filter((value) => value === STANDARD_INPUT).map(() => key) : []));
  if (readers.length > 1) {
    throw new UserError(`standard input (-) is named ${readers.length} times (${readers.map((key) => POSITIONALS[key] ?? `--${key}`).join(', ')}); it can be read as one input only`);
  }
  for (const key of WRITTEN_TO) {
    if (args[key] === STANDARD_INPUT) throw new UserError(`${key === 'file' ? 'init' : `--${key}`} -: aiscan writes files there, not to standard output; name a path (./- for one named -)`);
  }
}

/**
 * Parses argv, runs the command, and returns the exit code. Never exits the process: only the
 * bin does, so every command is testable in-process.
 */
export async function run(argv: readonly string[], terminal: CliIO = processIO): Promise<number> {
  const io = guarded(terminal);
  let pending: Promise<number> | undefined;
  const start = (work: () => Promise<number> | number) => {
    pending = Promise.resolve().then(work);
  };
  let verbose = argv.includes('--verbose');

  const parser = yargs()
    .scriptName('aiscan')
    // aiscan's own words are English: yargs' are too, whatever the locale (the bundled CLI has no locale files to read).
    .locale('en')
    .version(toolVersion)
    .usage('$0 <command> [options]\n\nCompliance scanner for AI infrastructure in Azure: GPU VMs and scale sets, AKS GPU pools, Azure Machine Learning.')
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print stack traces with errors' })
    .command(
      'scan [paths..]',
      'Scan templates, Bicep files or an estate against the rules and write reports',
      (y) =>
        liveOptions(gateOptions(ruleFolderOptions(y)))
          .positional('paths', {
            type: 'string',
            array: true,
            describe: 'Files or folders to scan: ARM templates and parameter files, Bicep files, estate files (folders are walked, .gitignore respected)',
          })
          .option('parameters', { alias: 'p', type: 'string', array: true, describe: 'A parameter file for the template scanned (repeatable: the template is evaluated once per file)' })
          .option('subscription-id', { type: 'string', describe: `The subscription templates deploy to (default: ${PLACEHOLDERS.subscriptionId})` })
          .option('resource-group', { type: 'string', describe: `The resource group templates deploy to (default: ${PLACEHOLDERS.resourceGroup})` })
          .option('location', { type: 'string', describe: `The location templates deploy to: resourceGroup().location and deployment().location (default: ${PLACEHOLDERS.location})` })
          .option('bicep-timeout', { type: 'number', describe: 'Seconds one run of the Bicep CLI may take (default: 60)' })
          .option('terraform-root', { type: 'string', describe: "The folder of a Terraform plan's root module .tf files, where findings are located (default: the plan file's folder)" })
          .option('cluster', { type: 'string', describe: CLUSTER_FLAG })
          .option('snapshot', { alias: 's', type: 'string', array: true, default: [] as string[], describe: 'Estate file to scan (repeatable): aiscan snapshot, JSON array of ARM resources, {"value":[…]} or {"data":[…]}' })
          // No yargs defaults below: an unset flag lets aiscan.config.json decide.
          .option('out', { alias: 'o', type: 'string', describe: 'Folder the reports are written to (default: reports)' })
          .option('format', {
            alias: 'f',
            type: 'string',
            array: true,
            choices: Object.keys(REPORT_FORMATS),
            coerce: formatList,
            describe: `Report formats to write, repeated or comma-separated (default: ${DEFAULT_FORMATS.join(',')})`,
          })
          .option('fail-on', { type: 'string', choices: FAIL_ON_CHOICES, describe: 'Exit 1 when a finding is at or above this severity (none: never; default: high)' })
          .option('category', { type: 'string', describe: 'Code-scanning category written to SARIF automationDetails (default: aiscan)' })
          .option('sarif-for', {
            type: 'string',
            choices: SARIF_TARGETS,
            describe: 'full: aiscan.sarif holds every result in one run (default); github: runs per subscription that fit code scanning\'s upload limits, the full SARIF beside it as aiscan.full.sarif',
          })
          .example('$0 scan infra/', 'Scan the ARM templates and Bicep files in a folder, each with its parameter files')
          .example('$0 scan main.json --snapshot estate.json', 'Scan a template against what already exists (joins and quota see both)')
          .example('$0 scan --snapshot estate.json', 'Scan a snapshot; reports go to reports/')
          .example('$0 scan -s sub1.json -s sub2.json --fail-on medium --rules ./my-rules', 'Two files, stricter gate, extra rules')
          .example('$0 scan -s estate.json --format sarif,md', 'Write only the SARIF and Markdown reports')
          .example('$0 scan --all-subscriptions --sarif-for github', 'A tenant-wide SARIF that code scanning accepts (runs per subscription); aiscan.full.sarif keeps every result')
          .example('$0 scan --subscription 3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26', 'Read a subscription live (after az login); the snapshot is written to reports/estate.json')
          .example('$0 scan --subscription 3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26 --aks', 'The subscription and, inside each of its AKS clusters, the namespaces, workloads, quotas, policies, bindings and nodes'),
      (args) =>
        start(() =>
          scanCommand(
            {
              paths: args.paths ?? [],
              parameterFiles: args.parameters ?? [],
              subscriptionId: args['subscription-id'],
              resourceGroup: args['resource-group'],
              location: args.location,
              bicepTimeout: args['bicep-timeout'],
              terraformRoot: args['terraform-root'],
              cluster: args.cluster,
              snapshots: args.snapshot,
              rules: args.rules,
              builtinRules: args['builtin-rules'],
              out: args.out,
              formats: args.format as ReportFormat[] | undefined,
              failOn: args['fail-on'] as FailOn | undefined,
              category: args.category,
              sarifFor: args['sarif-for'] as SarifTarget | undefined,
              config: args.config,
              baseline: args.baseline,
              newOnly: args['new-only'],
              suppressions: args.suppressions,
              live: liveArgsOf(args),
              quiet: args.quiet,
            },
            io,
          ),
        ),
    )
    .command(
      'collect',
      'Read subscriptions from Azure into a snapshot file, evaluating nothing',
      (y) =>
        shardOption(liveOptions(y))
          .option('out', { alias: 'o', type: 'string', default: 'reports', describe: 'Folder the snapshot is written to, as estate.json' })
          .option('cluster', { type: 'string', describe: CLUSTER_FLAG })
          .example('$0 collect --all-subscriptions --engine resource-graph', 'Every visible subscription, through Azure Resource Graph')
          .example('$0 collect --management-group mg-ai --snapshot-out evidence/2026-11-21.json', 'Everything below a management group, as audit evidence')
          .example('$0 collect --all-subscriptions --shard 2/4 --snapshot-out shard-2.json', 'The second of four shards of the tenant; aiscan scan --snapshot shard-*.json scans them together'),
      // Loaded on use: the Azure SDKs are a third of the modules and only live scans need them.
      (args) =>
        start(async () => {
          const { collectCommand } = await import('./commands/collect.js');
          return collectCommand({ live: liveArgsOf(args), out: args.out, quiet: args.quiet, cluster: args.cluster }, io);
        }),
    )
    .command(
      'diff <old> <new>',
      'Compare two SARIF files written by aiscan scan: new, fixed, updated and unchanged findings',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'The earlier SARIF' })
          .positional('new', { type: 'string', demandOption: true, describe: 'The later SARIF' })
          .option('format', { alias: 'f', type: 'string', choices: ['text', 'md'], default: 'text', describe: 'What to print' })
          .option('out', { alias: 'o', type: 'string', describe: 'Also write the Markdown diff to this file' })
          .option('fail-on', { type: 'string', choices: FAIL_ON_CHOICES, default: 'none', describe: 'Exit 1 when a new, unsuppressed finding is at or above this severity' })
          .example('$0 diff reports/yesterday.sarif reports/aiscan.sarif --format md', 'What changed since yesterday, as Markdown'),
      (args) =>
        start(() =>
          diffCommand(
            { oldFile: args.old, newFile: args.new, format: args.format as 'text' | 'md', out: args.out, failOn: args['fail-on'] as FailOn, quiet: args.quiet },
            io,
          ),
        ),
    )
    .command(
      'trend <sarif..>',
      'Read the SARIF of a series of scans (nightly runs, in any order) and write a trend: open findings by severity over time, new and fixed per run, time to fix, the oldest open findings, suppressions ending soon',
      (y) =>
        y
          .positional('sarif', { type: 'string', array: true, demandOption: true, describe: 'SARIF files written by aiscan scan (the full SARIF: aiscan.full.sarif with --sarif-for github)' })
          .option('out', { alias: 'o', type: 'string', default: 'reports', describe: 'Folder the trend is written to, as aiscan-trend.md and aiscan-trend.html' })
          .option('format', { alias: 'f', type: 'string', array: true, choices: ['md', 'html'], default: ['md', 'html'], coerce: formatList, describe: 'Which to write, repeated or comma-separated' })
          .option('top', { type: 'number', default: 20, describe: 'How many of the oldest open findings to list' })
          .option('expiring-within', { type: 'number', default: 30, describe: 'List suppressions that end within this many days of the latest run' })
          .example('$0 trend history/*/aiscan.sarif --out reports', 'The trend over the nightly SARIF kept in history/'),
      // Loaded on use, as collect is: no other command needs the trend's code.
      (args) =>
        start(async () => {
          const { trendCommand } = await import('./commands/trend.js');
          return trendCommand(
            { files: args.sarif, out: args.out, formats: args.format as ('md' | 'html')[], top: args.top, expiringWithinDays: args['expiring-within'], quiet: args.quiet },
            io,
          );
        }),
    )
    .command(
      'init [file]',
      'Write a commented starter aiscan.config.json, or with --rule a starter rule and its tests',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'Where to write the configuration (default: aiscan.config.json)' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace existing files' })
          .option('rule', { type: 'string', describe: 'Write a starter rule with this id, and its test file, instead of a configuration' })
          .option('type', { type: 'string', describe: 'With --rule: the ARM resource type it applies to' })
          .option('area', { type: 'string', describe: 'With --rule: the area (folder) it goes in (default: custom)' })
          .option('dir', { type: 'string', describe: 'With --rule: the folder of rule areas (default: rules)' })
          .example('$0 init --rule ACME-VM-001 --type Microsoft.Compute/virtualMachines', 'Write rules/custom/ACME-VM-001.json and ACME-VM-001.test.json'),
      (args) =>
        start(() => initCommand({ file: args.file, force: args.force, quiet: args.quiet, rule: args.rule, type: args.type, area: args.area, dir: args.dir }, io)),
    )
    .command('rules', 'List, show, validate and test rules', (y) =>
      y
        .command(
          'list',
          'List the rules, grouped by area',
          (c) => ruleFolderOptions(c).option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
          (args) => start(() => rulesListCommand({ rules: args.rules, builtinRules: args['builtin-rules'] ?? true, json: args.json }, io)),
        )
        .command(
          'show <id>',
          'Show one rule: what it checks, why, how to fix it',
          (c) => ruleFolderOptions(c).positional('id', { type: 'string', demandOption: true, describe: 'Rule id or name' }),
          (args) => start(() => rulesShowCommand({ rules: args.rules, builtinRules: args['builtin-rules'] ?? true, id: args.id }, io)),
        )
        .command(
          'validate <dir..>',
          'Check rule files: schema, parameters, compiled JSON Schemas',
          (c) => c.positional('dir', { type: 'string', array: true, demandOption: true, describe: 'Folders of rule files' }),
          (args) => start(() => rulesValidateCommand({ directories: args.dir }, io)),
        )
        .command(
          'test <dir..>',
          'Run the test cases kept beside each rule (<ID>.test.json): exit 0 when all hold, 1 when one fails, 2 when a test file is malformed',
          (c) =>
            c
              .positional('dir', { type: 'string', array: true, demandOption: true, describe: 'Folders of rule files and their tests' })
              .example('$0 rules test my-rules', 'Run every my-rules/<area>/<ID>.test.json against its rule'),
          (args) => start(() => rulesTestCommand({ directories: args.dir, quiet: args.quiet }, io)),
        )
        .demandCommand(1, 'Name a rules subcommand: list, show, validate or test')
        .strict(),
    )
    .demandCommand(1, 'Name a command (aiscan --help lists them)')
    .strict()
    .strictCommands()
    .strictOptions()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UserError(message);
    });

  parser.middleware(restoreStandardInput, true);
  skipHelpAfterCommands(parser);
  try {
    let output = '';
    const parsed = await parser.parseAsync(withStandardInputArgument(argv), {}, (_error: unknown, _argv: unknown, text: string) => {
      output = text;
    });
    verbose = Boolean((parsed as { verbose?: boolean }).verbose);
    if (output) io.stdout(output.endsWith('\n') ? output : output + '\n');
    return pending ? await pending : EXIT.clean;
  } catch (error) {
    return reportError(error, verbose, io);
  }
}

/**
 * yargs renders a command's whole help after running its handler (usage.cacheHelpMessage), to
 * print it should the command fail later. aiscan never prints help on a failure (.fail throws, and
 * errors are one line), and that rendering was a sixth of a scan's start-up. yargs has no option
 * for it: its usage instance is told to keep nothing.
 */
function skipHelpAfterCommands(parser: Argv): void {
  const usage = (parser as unknown as { getInternalMethods?: () => { getUsageInstance: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

const CLUSTER_FLAG =
  'The ARM id of the AKS cluster that Kubernetes manifests are applied to, or that --kubeconfig reads, to join its objects with the node pools (default: none)';

/** One line: messages quote file names and values from input files, which may hold line breaks. */
/**
 * One line on stderr (the stack only with --verbose). Tokens and secrets are redacted here too: the
 * live path redacts its errors already, and this is the last place any error passes.
 */
function reportError(error: unknown, verbose: boolean, io: CliIO): number {
  const stack = verbose && error instanceof Error && error.stack ? `${redactSecrets(error.stack)}\n` : '';
  if (isUserError(error)) {
    io.stderr(`aiscan: ${terminalText(redactSecrets(error.message))}\n${stack}`);
    return error.exitCode;
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error)).split('\n')[0];
  io.stderr(`aiscan: internal error: ${terminalText(message)}${verbose ? '' : ' (run with --verbose for details)'}; please report it\n${stack}`);
  return EXIT.internal;
}
