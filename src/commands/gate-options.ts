import type { Argv } from 'yargs';

/** Flags that tie a scan to its configuration, its baseline and its accepted risk. */
export function gateOptions<T>(y: Argv<T>) {
  return y
    .option('config', {
      alias: 'c',
      type: 'string',
      describe: 'Settings file (default: aiscan.config.json in the working directory, when there is one); flags override it',
    })
    .option('baseline', {
      type: 'string',
      describe: 'SARIF of an earlier aiscan scan: findings are marked new/unchanged/updated, fixed ones listed as absent',
    })
    .option('new-only', {
      type: 'boolean',
      describe: 'Only findings new against --baseline fail the build',
    })
    .option('suppressions', {
      type: 'string',
      describe: 'Suppressions file (default: aiscan.suppressions.json beside the config, when there is one)',
    })
    .example('$0 scan -s estate.json --baseline main.sarif --new-only', 'Fail only on findings that main does not have')
    .example('$0 scan -s estate.json --suppressions accepted-risk.json', 'Accepted risk does not fail the build until it expires');
}

/** The parsed values of gateOptions; absent when not given, so the config file can supply them. */
export interface GateArgs {
  config?: string;
  baseline?: string;
  newOnly?: boolean;
  suppressions?: string;
}
