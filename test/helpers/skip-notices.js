/**
 * A jest reporter that repeats, at the end of the run, why suites were skipped (the SKIPPED lines of
 * test/helpers/chromium.ts): the default reporter shows no console output of a suite whose tests
 * were all skipped, so without this the reason would be lost in a full run.
 */
export default class SkipNotices {
  #notices = new Set();

  onTestResult(_test, result) {
    for (const entry of result.console ?? []) if (entry.message.startsWith('SKIPPED ')) this.#notices.add(entry.message);
  }

  onRunComplete() {
    if (this.#notices.size > 0) process.stderr.write(`\n${[...this.#notices].join('\n')}\n`);
  }
}
