import { type NetlinkSocketOptions, SocketClosedError } from '@ha/socket';
import { EventEmitter } from 'eventemitter3';
import { decodeDone, decodeError } from './ack.js';
import { NLM_F, NLMSG } from './constants.js';
import { NetlinkError, NetlinkTimeoutError } from './errors.js';
import { decodeMessages, encodeMessage, type NetlinkMessage } from './message.js';
import { type DatagramSender, type NetlinkTransport, openTransport } from './transport.js';

/** Options of a {@link NetlinkConnection}. */
export interface ConnectionOptions {
  /** Reject a request that got no final answer after this many ms (default 5000; 0: never). */
  timeoutMs?: number;
  /** How often a dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is retried (default 3). */
  dumpRetries?: number;
}

/** Events of a {@link NetlinkConnection}. */
export interface ConnectionEvents {
  /** A message that answers no pending request: a multicast notification. */
  notification: (message: NetlinkMessage, from: DatagramSender) => void;
  /** The socket overflowed: notifications were lost (resync with a dump). */
  overflow: () => void;
  /** Malformed bytes or a receive error (the connection stays usable). */
  error: (err: Error) => void;
  /** The connection was closed. */
  close: () => void;
}

/** A request to send. */
export interface RequestMessage {
  /** `nlmsg_type`. */
  type: number;
  /** Extra NLM_F_* flags (REQUEST and ACK are added). */
  flags?: number;
  /** Family header and attributes. */
  payload: Buffer;
}

interface Pending {
  type: number;
  replies: NetlinkMessage[];
  interrupted: boolean;
  resolve: (messages: NetlinkMessage[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Request/answer correlation over a netlink transport: sequence numbers, acks, multi-part
 * dumps (NLM_F_MULTI … NLMSG_DONE), errno → {@link NetlinkError} with the kernel's
 * extended-ack message. Messages that answer no request are `'notification'` events.
 */
export class NetlinkConnection extends EventEmitter<ConnectionEvents> {
  readonly #transport: NetlinkTransport;
  readonly #pending = new Map<number, Pending>();
  readonly #timeoutMs: number;
  readonly #dumpRetries: number;
  #seq: number;
  #closed = false;
  #dumpChain: Promise<void> = Promise.resolve();

  /**
   * @param transport - a socket transport or a fake kernel
   * @param options - timeouts
   */
  constructor(transport: NetlinkTransport, options: ConnectionOptions = {}) {
    super();
    this.#transport = transport;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#dumpRetries = options.dumpRetries ?? 3;
    this.#seq = (Math.random() * 0x7fffffff) >>> 0 || 1;
    transport.attach({
      message: (d, from) => this.#onDatagram(d, from),
      overflow: () => this.emit('overflow'),
      error: (e) => this.emit('error', e),
    });
  }

  /**
   * Opens a netlink socket and a connection over it.
   *
   * @param protocol - netlink protocol (0 route, 16 generic)
   * @param options - socket and connection options
   * @returns the connection
   */
  static open(protocol: number, options: NetlinkSocketOptions & ConnectionOptions = {}): NetlinkConnection {
    return new NetlinkConnection(openTransport(protocol, options), options);
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The transport (for group membership). */
  get transport(): NetlinkTransport {
    return this.#transport;
  }

  /**
   * Sends a request with NLM_F_ACK and resolves with the replies once the kernel acks.
   * Rejects with {@link NetlinkError} (`code` such as `'EEXIST'`), {@link NetlinkTimeoutError},
   * or `SocketClosedError` when the connection is closed first.
   *
   * @param request - type, flags and payload
   * @returns the reply messages (empty for a plain ack)
   */
  request(request: RequestMessage): Promise<NetlinkMessage[]> {
    return this.#send(request.type, NLM_F.REQUEST | NLM_F.ACK | (request.flags ?? 0), request.payload);
  }

  /**
   * Sends a dump request (NLM_F_DUMP) and resolves with every message up to NLMSG_DONE.
   * A dump interrupted by a concurrent change is retried (see `dumpRetries`); dumps on one
   * connection run one after another, as the kernel requires.
   *
   * @param type - the GET message type
   * @param payload - family header (and filter attributes)
   * @returns the dumped messages
   */
  dump(type: number, payload: Buffer): Promise<NetlinkMessage[]> {
    // The kernel runs one dump per socket at a time (EBUSY otherwise): queue them.
    const run = this.#dumpChain.then(() => this.#dumpNow(type, payload));
    this.#dumpChain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #dumpNow(type: number, payload: Buffer): Promise<NetlinkMessage[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#send(type, NLM_F.REQUEST | NLM_F.DUMP, payload);
      } catch (err) {
        if (!(err instanceof NetlinkError) || err.code !== 'EINTR' || attempt >= this.#dumpRetries) throw err;
      }
    }
  }

  /**
   * Sends many requests (each with NLM_F_ACK) in as few datagrams as possible — one sendmsg
   * per ~64 KiB instead of one per request — and answers each separately. The kernel handles
   * the messages of a datagram in order; a failure of one does not stop the others.
   *
   * @param requests - the requests, in order
   * @returns one promise per request, settled by its own ack or error
   */
  requestBatch(requests: readonly RequestMessage[]): Promise<NetlinkMessage[]>[] {
    if (this.#closed) return requests.map(() => Promise.reject(new SocketClosedError('netlink request')));
    const promises: Promise<NetlinkMessage[]>[] = [];
    let chunk: Buffer[] = [];
    let chunkSeqs: { seq: number; reject: (err: Error) => void }[] = [];
    let size = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const datagram = Buffer.concat(chunk);
      const seqs = chunkSeqs;
      chunk = [];
      chunkSeqs = [];
      size = 0;
      try {
        this.#transport.send(datagram);
      } catch (err) {
        for (const { seq, reject } of seqs) {
          this.#settle(seq);
          reject(err as Error);
        }
      }
    };
    for (const r of requests) {
      const flags = NLM_F.REQUEST | NLM_F.ACK | (r.flags ?? 0);
      const { seq, promise, reject } = this.#register(r.type);
      const bytes = encodeMessage({ type: r.type, flags, seq, pid: 0, payload: r.payload });
      if (size + bytes.length > 65536) flush();
      chunk.push(bytes);
      chunkSeqs.push({ seq, reject });
      size += bytes.length;
      promises.push(promise);
    }
    flush();
    return promises;
  }

  #register(type: number): { seq: number; promise: Promise<NetlinkMessage[]>; reject: (err: Error) => void } {
    const seq = this.#nextSeq();
    let reject: (err: Error) => void = () => {};
    const promise = new Promise<NetlinkMessage[]>((res, rej) => {
      reject = rej;
      const p: Pending = {
        type,
        replies: [],
        interrupted: false,
        resolve: res,
        reject: rej,
        timer: undefined,
      };
      this.#pending.set(seq, p);
      if (this.#timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.#pending.delete(seq);
          rej(new NetlinkTimeoutError(seq, this.#timeoutMs));
        }, this.#timeoutMs);
      }
    });
    return { seq, promise, reject };
  }

  #send(type: number, flags: number, payload: Buffer): Promise<NetlinkMessage[]> {
    if (this.#closed) return Promise.reject(new SocketClosedError('netlink request'));
    const { seq, promise, reject } = this.#register(type);
    try {
      this.#transport.send(encodeMessage({ type, flags, seq, pid: 0, payload }));
    } catch (err) {
      this.#settle(seq);
      reject(err as Error);
    }
    return promise;
  }

  #nextSeq(): number {
    do {
      this.#seq = (this.#seq + 1) >>> 0;
    } while (this.#seq === 0 || this.#pending.has(this.#seq));
    return this.#seq;
  }

  #settle(seq: number): Pending | undefined {
    const p = this.#pending.get(seq);
    if (!p) return undefined;
    this.#pending.delete(seq);
    if (p.timer) clearTimeout(p.timer);
    return p;
  }

  #onDatagram(datagram: Buffer, from: DatagramSender): void {
    const { messages, error } = decodeMessages(datagram);
    for (const m of messages) this.#onMessage(m, from);
    if (error) this.emit('error', error);
  }

  #onMessage(m: NetlinkMessage, from: DatagramSender): void {
    const p = from.groups === 0 ? this.#pending.get(m.seq) : undefined;
    if (!p) {
      if (m.type !== NLMSG.NOOP && m.type !== NLMSG.DONE && m.type !== NLMSG.ERROR) {
        this.emit('notification', m, from);
      }
      return;
    }
    if ((m.flags & NLM_F.DUMP_INTR) !== 0) p.interrupted = true;
    if (m.type === NLMSG.ERROR) {
      const status = decodeError(m);
      this.#settle(m.seq);
      if (status.errno === 0) p.resolve(p.replies);
      else p.reject(new NetlinkError(status.errno, p.type, status.extack));
    } else if (m.type === NLMSG.DONE) {
      const status = decodeDone(m);
      this.#settle(m.seq);
      if (status.errno !== 0) p.reject(new NetlinkError(status.errno, p.type, status.extack));
      else if (p.interrupted) p.reject(new NetlinkError(4, p.type, { message: 'dump interrupted' }));
      else p.resolve(p.replies);
    } else if (m.type !== NLMSG.NOOP && m.type !== NLMSG.OVERRUN) {
      p.replies.push(m);
    }
  }

  /** Closes the transport; pending requests reject with `SocketClosedError`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const seq of [...this.#pending.keys()])
      this.#settle(seq)?.reject(new SocketClosedError('netlink request'));
    this.#transport.close();
    this.emit('close');
  }

  /** Closes the connection (`await using c = …`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
