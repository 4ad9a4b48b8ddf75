/**
 * What the linter may know about the host it lints for: which interfaces exist and which
 * files exist. Unknown facts make host-dependent checks report `hostDependent` info instead of
 * guessing.
 *
 * @module
 */

/** Host knowledge used by host-dependent checks. */
export interface HostContext {
  /** Existing interface names; undefined when unknown. */
  interfaces?: ReadonlySet<string>;
  /** Whether a script command (absolute path, or a name looked up in PATH) exists; undefined when unknown. */
  scriptExists?: (command: string) => boolean;
}

/** The program of a script command line (its first word, quotes already removed). */
export function scriptProgram(command: string): string {
  const m = /^\s*(\S+)/.exec(command);
  return m?.[1] ?? '';
}

/**
 * True when keepalived leaves the script alone in `-t` (neither "not found" nor a security
 * violation): observed for commands that start with a shell redirection such as
 * `</dev/tcp/127.0.0.1/80`.
 */
export function ignoredScript(program: string): boolean {
  return program === '' || /^[<>|&;(]/.test(program);
}
