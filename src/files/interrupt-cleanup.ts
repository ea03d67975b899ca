/**
 * Files that exist only while some work is under way (a snapshot's parts while it is collected)
 * and that a Ctrl-C (SIGINT) or a termination request (SIGTERM) must not leave behind. The bin
 * listens for those signals while any cleanup is registered, runs them, and exits.
 */
const cleanups = new Set<() => void>();
let watcher: ((pending: boolean) => void) | undefined;

/** Registers a cleanup (synchronous; it must not throw); returns the function that withdraws it. */
export function addInterruptCleanup(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  if (cleanups.size === 1) watcher?.(true);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) watcher?.(false);
  };
}

/** Told when the first cleanup is registered (true) and when the last is withdrawn (false). */
export function onInterruptCleanups(listener: ((pending: boolean) => void) | undefined): void {
  watcher = listener;
}

export function hasInterruptCleanups(): boolean {
  return cleanups.size > 0;
}

/** Runs and withdraws every cleanup. For a signal handler: synchronous, never throws. */
export function runInterruptCleanups(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // best effort: the process is ending
    }
  }
  cleanups.clear();
}
