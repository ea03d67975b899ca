#!/usr/bin/env node
import { run } from '../src/cli.js';
import { setCliV8Flags } from '../src/heap.js';
import { hasInterruptCleanups, onInterruptCleanups, runInterruptCleanups } from '../src/files/interrupt-cleanup.js';
import { onStaging, removeStagedFiles } from '../src/files/write-atomic.js';

// Ctrl-C (SIGINT) or a termination request (SIGTERM) while aiscan has files to take back:
// - while a snapshot is collected, its parts folder: it is removed and the process exits
//   128 + the signal's number;
// - once reports are being written: they are written synchronously, so such a signal is handled
//   once they are all in place (or removed); the temporary files are removed, and the exit is
//   128 + the signal's number.
// Otherwise the default applies: the process ends at once, and the previous reports are untouched.
setCliV8Flags();

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;
let listening = false;
let staging = false;
const handlers = SIGNALS.map(([signal, code]) => [signal, () => onSignal(signal, code)] as const);

function onSignal(signal: NodeJS.Signals, code: number): void {
  if (!staging && !hasInterruptCleanups()) {
    // Caught while listening ended (the collection had just finished): end as if never caught.
    stopListening();
    process.kill(process.pid, signal);
    return;
  }
  runInterruptCleanups();
  removeStagedFiles();
  process.exit(code);
}

function listen(): void {
  if (listening) return;
  listening = true;
  for (const [signal, handler] of handlers) process.on(signal, handler);
}

function stopListening(): void {
  if (!listening || staging) return;
  listening = false;
  for (const [signal, handler] of handlers) process.off(signal, handler);
}

onInterruptCleanups((pending) => {
  if (pending) listen();
  // A signal that arrived during the synchronous end of the collection is still queued: let the
  // event loop deliver it (to the handler above) before the default comes back. Not setImmediate:
  // that runs before the loop polls again, where queued signals are delivered.
  else setTimeout(() => hasInterruptCleanups() || stopListening(), 10);
});
onStaging(() => {
  staging = true;
  listen();
});

// Not a top-level await: the bundled CLI is a CommonJS file (support/bundle/bundle-cli.ts).
void run(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  // A signal that arrived during the synchronous write is still queued: let the event loop deliver it.
  if (listening) await new Promise((resolve) => setTimeout(resolve, 10));
});
