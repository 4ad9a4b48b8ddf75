/**
 * Process signal handling for a router (left to the application; this is the usual choice).
 *
 * @module
 */

/** Anything that can be closed gracefully. */
export interface Closable {
  /** Graceful stop. */
  close(): Promise<void>;
}

/** Options of {@link installSignalHandlers}. */
export interface SignalHandlerOptions {
  /** Signals to handle (default SIGTERM, SIGINT, SIGHUP). */
  signals?: NodeJS.Signals[];
  /** Exit the process after closing (default true, exit code 0). */
  exit?: boolean;
}

/**
 * On SIGTERM / SIGINT / SIGHUP: close the routers gracefully (priority-0 advert, VIPs
 * removed), then exit. A second signal exits at once.
 *
 * @param routers - the routers (or anything closable)
 * @param options - signals and exit behaviour
 * @returns a function that removes the handlers
 */
export function installSignalHandlers(
  routers: Closable | readonly Closable[],
  options: SignalHandlerOptions = {},
): () => void {
  const list: readonly Closable[] = Array.isArray(routers) ? routers : [routers as Closable];
  const signals = options.signals ?? ['SIGTERM', 'SIGINT', 'SIGHUP'];
  let stopping = false;
  const handler = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    void Promise.allSettled(list.map((r) => r.close())).then(() => {
      if (options.exit !== false) process.exit(0);
    });
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
