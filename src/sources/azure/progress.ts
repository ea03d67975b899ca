import type { CoverageEntry } from '../../estate.js';
import { isGap } from '../../estate.js';
import { terminalText as t } from '../../text/terminal-text.js';
import type { SubscriptionCollection } from './subscription-collection.js';

/** Told what the collector is doing; writes nothing itself unless the implementation does. */
export interface ProgressReporter {
  started(subscriptions: number): void;
  typeStarted(subscriptionId: string, type: string): void;
  typeFinished(subscriptionId: string, entry: CoverageEntry): void;
  subscriptionFinished(collection: SubscriptionCollection): void;
  finished(): void;
}

export interface ProgressOutput {
  write: (text: string) => void;
  isTTY: boolean;
  quiet: boolean;
  now?: () => number;
}

const SILENT: ProgressReporter = {
  started() {},
  typeStarted() {},
  typeFinished() {},
  subscriptionFinished() {},
  finished() {},
};

const REDRAW_EVERY_MS = 100;

/**
 * Progress on stderr. A terminal gets one status line redrawn in place (subscription and type
 * being read) and a lasting line for each subscription with gaps; a CI log gets exactly one line
 * per subscription; --quiet gets nothing.
 */
export function createProgress(output: ProgressOutput): ProgressReporter {
  if (output.quiet) return SILENT;
  const now = output.now ?? Date.now;
  let total = 0;
  let done = 0;
  let status = '';
  let drawnAt = 0;
  const startedAt = now();

  const clear = () => {
    if (output.isTTY && status) output.write('\r\x1b[2K');
    status = '';
  };
  const draw = (text: string, force = false) => {
    if (!output.isTTY || (!force && now() - drawnAt < REDRAW_EVERY_MS)) return;
    drawnAt = now();
    const characters = [...text];
    status = characters.length > 110 ? `${characters.slice(0, 109).join('')}…` : text;
    output.write(`\r\x1b[2K${status}`);
  };

  return {
    started(subscriptions) {
      total = subscriptions;
      draw(`aiscan: collecting ${total} subscription(s)…`, true);
    },
    typeStarted(subscriptionId, type) {
      draw(`aiscan: [${done}/${total}] ${t(subscriptionId)}: ${t(type)}`);
    },
    typeFinished() {},
    subscriptionFinished(collection) {
      done++;
      const line = `aiscan: [${done}/${total}] ${describeSubscription(collection)}`;
      if (!output.isTTY) output.write(`${line}\n`);
      else if (collection.coverage.some(isGap)) {
        clear();
        output.write(`${line}\n`);
      } else draw(line, true);
    },
    finished() {
      clear();
      if (output.isTTY) output.write(`aiscan: collected ${done} subscription(s) in ${((now() - startedAt) / 1000).toFixed(1)} s\n`);
    },
  };
}

/** Display names, ids and types come from Azure's answers, so each goes through `t`. */
export function describeSubscription(collection: SubscriptionCollection): string {
  const { scope, coverage, resources } = collection;
  const name = scope.displayName ? `${t(scope.subscriptionId)} (${t(scope.displayName)})` : t(scope.subscriptionId);
  const gaps = coverage.filter(isGap);
  const read = `${resources.length} resource(s), ${coverage.length - gaps.length} type(s) read`;
  if (gaps.length === 0) return `${name}: ${read}`;
  const shown = gaps.slice(0, 3).map((gap) => `${gap.resourceType === '*' ? 'the subscription' : t(gap.resourceType)} ${t(gap.status)}`);
  return `${name}: ${read}; ${gaps.length} gap(s): ${shown.join(', ')}${gaps.length > 3 ? ', …' : ''}`;
}
