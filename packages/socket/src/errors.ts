import { constants } from 'node:os';

// Linux has aliases (ENOTSUP = EOPNOTSUPP, EWOULDBLOCK = EAGAIN, EDEADLOCK = EDEADLK):
// name them as the kernel's own strerror and iproute2 do.
const names = new Map<number, string>([
  [95, 'EOPNOTSUPP'],
  [11, 'EAGAIN'],
  [35, 'EDEADLK'],
]);
for (const [name, value] of Object.entries(constants.errno)) {
  if (!names.has(value)) names.set(value, name);
}

/**
 * The symbolic name of an errno value (`1` → `'EPERM'`), or `'E<n>'` when Node does not know it.
 *
 * @param errno - a positive errno value
 * @returns its name
 */
export function errnoName(errno: number): string {
  return names.get(errno) ?? `E${errno}`;
}

/** A failed system call on a socket. Carries the kernel's `errno`, its name and the call. */
export class SocketError extends Error {
  /** The positive errno value, e.g. 1. */
  readonly errno: number;
  /** The errno name, e.g. `'EPERM'`. */
  readonly code: string;
  /** The system call that failed, e.g. `'setsockopt'`. */
  readonly syscall: string;

  /**
   * @param errno - positive errno value
   * @param syscall - the failed system call
   * @param message - optional message (defaults to `syscall code`)
   */
  constructor(errno: number, syscall: string, message?: string) {
    const code = errnoName(errno);
    super(message ?? `${syscall} failed: ${code}`);
    this.name = 'SocketError';
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
  }
}

/** An operation on a socket that is already closed. */
export class SocketClosedError extends Error {
  /** Always `'ERR_SOCKET_CLOSED'`. */
  readonly code = 'ERR_SOCKET_CLOSED' as const;
  /** Not a kernel error: always 0. */
  readonly errno = 0;

  /** @param what - the operation that was refused */
  constructor(what = 'operation') {
    super(`${what} on a closed socket`);
    this.name = 'SocketClosedError';
  }
}

/** Shape of the errors thrown by the native addon. */
interface NativeErrorShape {
  errno?: unknown;
  syscall?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * Converts an error thrown by the native addon into a typed {@link SocketError} or
 * {@link SocketClosedError}; anything else is returned unchanged.
 *
 * @param err - what the addon threw
 * @returns a typed error
 */
export function toSocketError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as NativeErrorShape;
  if (e.code === 'ERR_SOCKET_CLOSED') return new SocketClosedError();
  if (typeof e.errno === 'number' && typeof e.syscall === 'string') {
    return new SocketError(e.errno, e.syscall, typeof e.message === 'string' ? e.message : undefined);
  }
  return err;
}

/**
 * Runs a native call and rethrows its error typed.
 *
 * @param fn - the call
 * @returns what the call returned
 */
export function native<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toSocketError(err);
  }
}
