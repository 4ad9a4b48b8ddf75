import { EventEmitter } from 'eventemitter3';
import { binding, type NativeMessage, type NativeSocket } from './binding.js';
import { native, SocketClosedError, type SocketError } from './errors.js';
import { netnsPath } from './netns.js';

/** Options every socket accepts. */
export interface CommonSocketOptions {
  /** Open the socket inside this network namespace (name from `ip netns` or a path). */
  netns?: string;
}

/** Events every socket emits. */
export interface CommonSocketEvents {
  /** A receive error other than EAGAIN (the socket stays open). */
  error: (err: SocketError) => void;
  /** The socket was closed. */
  close: () => void;
}

/**
 * Common shell of all sockets: owns the native handle, closes on `close()` and
 * `Symbol.asyncDispose`, and turns every native failure into a typed error.
 *
 * @typeParam Events - the event map of the concrete socket
 */
export abstract class BaseSocket<Events extends CommonSocketEvents> extends EventEmitter<Events> {
  /**
   * The native handle; undefined once closed.
   *
   * @internal
   */
  protected handle: NativeSocket | undefined;
  #listening = false;

  /**
   * @param domain - AF_*
   * @param type - SOCK_*
   * @param protocol - protocol number
   * @param options - common options
   */
  protected constructor(domain: number, type: number, protocol: number, options: CommonSocketOptions) {
    super();
    const Socket = binding().Socket;
    const ns = options.netns === undefined ? undefined : netnsPath(options.netns);
    this.handle = native(() => new Socket(domain, type, protocol, ns));
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.handle === undefined;
  }

  /** The file descriptor, or -1 once closed. */
  get fd(): number {
    return this.handle?.fd ?? -1;
  }

  /**
   * The native handle, or throws {@link SocketClosedError}.
   *
   * @param what - the operation, for the error message
   * @returns the open handle
   * @internal
   */
  protected open(what: string): NativeSocket {
    if (!this.handle) throw new SocketClosedError(what);
    return this.handle;
  }

  /**
   * Sets an integer socket option (escape hatch for options without a method).
   *
   * @param level - SOL_* / IPPROTO_*
   * @param name - option number
   * @param value - integer value
   */
  setOption(level: number, name: number, value: number | Buffer): void {
    const h = this.open('setsockopt');
    native(() =>
      typeof value === 'number' ? h.setInt(level, name, value) : h.setBuffer(level, name, value),
    );
  }

  /**
   * Reads an integer socket option.
   *
   * @param level - SOL_* / IPPROTO_*
   * @param name - option number
   * @returns its value
   */
  getOption(level: number, name: number): number {
    const h = this.open('getsockopt');
    return native(() => h.getInt(level, name));
  }

  /**
   * Starts reading: on readiness every pending datagram is read and handed to `onBatch`.
   *
   * @param onBatch - the concrete socket's decoder
   * @internal
   */
  protected listen(onBatch: (messages: NativeMessage[], errno: number) => void): void {
    if (this.#listening) return;
    const h = this.open('listen');
    native(() =>
      h.start((messages, errno) => {
        try {
          onBatch(messages, errno);
        } catch (err) {
          // A throwing listener must not stop the socket: report it as Node would.
          process.nextTick(() => {
            throw err;
          });
        }
      }),
    );
    this.#listening = true;
  }

  /**
   * Lets the process exit while this socket is still listening (like `net.Socket#unref`).
   *
   * @returns this
   */
  unref(): this {
    this.handle?.setRef(false);
    return this;
  }

  /**
   * Makes a listening socket keep the process alive again (the default).
   *
   * @returns this
   */
  ref(): this {
    this.handle?.setRef(true);
    return this;
  }

  /** Stops reading and closes the file descriptor; idempotent. Emits `'close'` once. */
  close(): void {
    const h = this.handle;
    if (!h) return;
    this.handle = undefined;
    h.close();
    this.#listening = false;
    (this as unknown as EventEmitter<CommonSocketEvents>).emit('close');
  }

  /** Closes the socket (`await using s = …`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** Closes the socket (`using s = …`). */
  [Symbol.dispose](): void {
    this.close();
  }
}
