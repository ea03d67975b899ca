#!/usr/bin/env node
import { run } from '../src/cli.js';
import { onStaging, removeStagedFiles } from '../src/files/write-atomic.js';

// Ctrl-C (SIGINT) or a termination request (SIGTERM) once reports are being written: remove the
// temporary files and exit 128 + the signal's number. Reports are written synchronously, so such a
// signal is handled once they are all in place (or removed); before that the default applies: the
// process ends at once, and the previous reports are untouched.
let listening = false;
onStaging(() => {
  if (listening) return;
  listening = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      removeStagedFiles();
      process.exit(code);
    });
  }
});

process.exitCode = await run(process.argv.slice(2));
// A signal that arrived during the synchronous write is still queued: let the event loop deliver it.
if (listening) await new Promise((resolve) => setTimeout(resolve, 10));
