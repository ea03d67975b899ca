import yargs, { type Argv } from 'yargs';
import { isUserError, UserError } from './errors.js';
import { EXIT, FAIL_ON_CHOICES, type FailOn } from './gate/exit-code.js';
import { toolVersion } from './package-info.js';
import { DEFAULT_FORMATS, REPORT_FORMATS, type ReportFormat } from './report/formats.js';
import { rulesListCommand, rulesShowCommand, rulesValidateCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The options every command shares. */
export interface CommonArgs {
  quiet: boolean;
  verbose: boolean;
}

function ruleFolderOptions<T>(y: Argv<T>) {
  return y
    .option('rules', { type: 'string', array: true, default: [] as string[], describe: 'Add a folder of rule files (repeatable)' })
    .option('builtin-rules', { type: 'boolean', default: true, describe: 'Include the built-in rule pack (--no-builtin-rules to leave it out)' });
}

/**
 * Parses argv, runs the command, and returns the exit code. Never exits the process: only the
 * bin does, so every command is testable in-process.
 */
export async function run(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let pending: Promise<number> | undefined;
  const start = (work: () => Promise<number> | number) => {
    pending = Promise.resolve().then(work);
  };
  let verbose = argv.includes('--verbose');

  const parser = yargs()
    .scriptName('aiscan')
    .version(toolVersion)
    .usage('$0 <command> [options]\n\nCompliance scanner for AI infrastructure in Azure: GPU VMs and scale sets, AKS GPU pools, Azure Machine Learning.')
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Print stack traces with errors' })
    .command(
      'scan',
      'Scan an estate against the rules and write reports',
      (y) =>
        ruleFolderOptions(y)
          .option('snapshot', { alias: 's', type: 'string', array: true, default: [] as string[], describe: 'Estate file to scan (repeatable): aiscan snapshot, JSON array of ARM resources, {"value":[…]} or {"data":[…]}' })
          .option('out', { alias: 'o', type: 'string', default: 'reports', describe: 'Folder the reports are written to' })
          .option('format', { alias: 'f', type: 'string', array: true, choices: Object.keys(REPORT_FORMATS), default: [...DEFAULT_FORMATS], describe: 'Report formats to write' })
          .option('fail-on', { type: 'string', choices: FAIL_ON_CHOICES, default: 'high', describe: 'Exit 1 when a finding is at or above this severity (none: never)' })
          .option('category', { type: 'string', default: 'aiscan', describe: 'Code-scanning category written to SARIF automationDetails' })
          .example('$0 scan --snapshot estate.json', 'Scan a snapshot; reports go to reports/')
          .example('$0 scan -s sub1.json -s sub2.json --fail-on medium --rules ./my-rules', 'Two files, stricter gate, extra rules'),
      (args) =>
        start(() =>
          scanCommand(
            {
              snapshots: args.snapshot,
              rules: args.rules,
              builtinRules: args['builtin-rules'],
              out: args.out,
              formats: args.format as ReportFormat[],
              failOn: args['fail-on'] as FailOn,
              category: args.category,
              quiet: args.quiet,
            },
            io,
          ),
        ),
    )
    .command('rules', 'List, show and validate rules', (y) =>
      y
        .command(
          'list',
          'List the rules, grouped by area',
          (c) => ruleFolderOptions(c).option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
          (args) => start(() => rulesListCommand({ rules: args.rules, builtinRules: args['builtin-rules'], json: args.json }, io)),
        )
        .command(
          'show <id>',
          'Show one rule: what it checks, why, how to fix it',
          (c) => ruleFolderOptions(c).positional('id', { type: 'string', demandOption: true, describe: 'Rule id or name' }),
          (args) => start(() => rulesShowCommand({ rules: args.rules, builtinRules: args['builtin-rules'], id: args.id }, io)),
        )
        .command(
          'validate <dir..>',
          'Check rule files: schema, parameters, compiled JSON Schemas',
          (c) => c.positional('dir', { type: 'string', array: true, demandOption: true, describe: 'Folders of rule files' }),
          (args) => start(() => rulesValidateCommand({ directories: args.dir }, io)),
        )
        .demandCommand(1, 'Name a rules subcommand: list, show or validate')
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

  try {
    let output = '';
    const parsed = await parser.parseAsync([...argv], {}, (_error: unknown, _argv: unknown, text: string) => {
      output = text;
    });
    verbose = Boolean((parsed as { verbose?: boolean }).verbose);
    if (output) io.stdout(output.endsWith('\n') ? output : output + '\n');
    return pending ? await pending : EXIT.clean;
  } catch (error) {
    return reportError(error, verbose, io);
  }
}

function reportError(error: unknown, verbose: boolean, io: CliIO): number {
  if (isUserError(error)) {
    io.stderr(`aiscan: ${error.message}\n`);
    if (verbose && error.stack) io.stderr(error.stack + '\n');
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`aiscan: internal error: ${message.split('\n')[0]}${verbose ? '' : ' (run with --verbose for details)'}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
  return EXIT.usage;
}
