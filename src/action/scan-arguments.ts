import type { ActionInputs } from './inputs.js';

/**
 * A path as a positional argument: one that starts with `-` would be read as a flag, so it is
 * written `./-name`, the same file.
 */
function positional(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

/**
 * `--flag=value`, never `--flag value`: a value that starts with `-` stays the flag's value, and
 * an array flag (`--snapshot`, `--rules`) takes exactly this one value, never the next argument.
 */
function flag(name: string, value: string): string {
  return `--${name}=${value}`;
}

/**
 * The `aiscan scan` arguments for the action's inputs (after main.js expanded their patterns).
 * Paths come first and `args` last, each line one argument as written: nothing is split or
 * evaluated, so `--out /etc` is one (unknown) argument and `; rm -rf ~` a file name.
 */
export function scanArguments(inputs: ActionInputs): string[] {
  const argv = ['scan', ...inputs.paths.map(positional)];
  for (const file of inputs.snapshots) argv.push(flag('snapshot', file));
  for (const id of inputs.subscriptions) argv.push(flag('subscription', id));
  if (inputs.allSubscriptions) argv.push('--all-subscriptions');
  if (inputs.auth !== undefined) argv.push(flag('auth', inputs.auth));
  if (inputs.config !== undefined) argv.push(flag('config', inputs.config));
  for (const dir of inputs.rules) argv.push(flag('rules', dir));
  if (inputs.suppressions !== undefined) argv.push(flag('suppressions', inputs.suppressions));
  if (inputs.failOn !== undefined) argv.push(flag('fail-on', inputs.failOn));
  if (inputs.baseline !== undefined) argv.push(flag('baseline', inputs.baseline));
  // Both ways explicit: `new-only: false` overrides a config's gate.newOnly, an empty input leaves it.
  if (inputs.newOnly !== undefined) argv.push(inputs.newOnly ? '--new-only' : '--no-new-only');
  argv.push(flag('format', inputs.formats.join(',')), flag('out', inputs.out));
  if (inputs.category !== undefined) argv.push(flag('category', inputs.category));
  if (inputs.sarifFor !== undefined) argv.push(flag('sarif-for', inputs.sarifFor));
  argv.push(...inputs.args);
  return argv;
}
