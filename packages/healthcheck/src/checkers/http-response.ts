/**
 * An incremental HTTP/1.x response reader for the HTTP_GET / SSL_GET probes: parses the status line
 * and headers, then hands out raw body bytes (as keepalived hashes them: chunked framing is NOT
 * decoded, the body is cut at `Content-Length`), and knows when the body is complete.
 *
 * @module
 */

/** A malformed response (garbage status line, oversized head, bad chunk framing). */
export class HttpProtocolError extends Error {
  /** Stable code: always `ERR_HA_HTTP_PROTOCOL`. */
  readonly code = 'ERR_HA_HTTP_PROTOCOL';
  /** @param message - what was wrong. */
  constructor(message: string) {
    super(message);
    this.name = 'HttpProtocolError';
  }
}

/** The parsed status line and the headers that frame the body. */
export interface ResponseHead {
  /** `HTTP/1.0` or `HTTP/1.1` as sent. */
  version: string;
  /** Status code. */
  status: number;
  /** Reason phrase. */
  reasonPhrase: string;
  /** `Content-Length`, when present and valid. */
  contentLength?: number;
  /** True with `Transfer-Encoding: chunked`. */
  chunked: boolean;
}

/** Largest status line + header block accepted. */
export const MAX_HEAD_BYTES = 64 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

const STATUS_LINE = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

/**
 * Parses the head. Only the fields that frame the body are kept (a health check reads nothing
 * else), but every header line must be well formed. Repeated fields are joined with `, ` as HTTP
 * allows before they are judged.
 */
function parseHead(text: string): ResponseHead {
  let eol = text.indexOf('\n');
  if (eol === -1) eol = text.length;
  const first = text.charCodeAt(eol - 1) === 13 ? text.slice(0, eol - 1) : text.slice(0, eol);
  const m = STATUS_LINE.exec(first);
  if (!m) throw new HttpProtocolError(`bad status line '${first.slice(0, 80)}'`);
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  let pos = eol + 1;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    if (line === '') continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new HttpProtocolError(`bad header line '${line.slice(0, 80)}'`);
    // Only two names matter; compare lengths first so most lines cost no lower-casing.
    const name = line.slice(0, i).trim();
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      const v = line.slice(i + 1).trim();
      contentLength = contentLength === undefined ? v : `${contentLength}, ${v}`;
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      const v = line.slice(i + 1).trim();
      transferEncoding = transferEncoding === undefined ? v : `${transferEncoding}, ${v}`;
    }
  }
  const head: ResponseHead = {
    version: m[1]!,
    status: Number(m[2]),
    reasonPhrase: m[3] ?? '',
    chunked: /(^|,)\s*chunked\s*$/i.test(transferEncoding ?? ''),
  };
  const cl = contentLength;
  if (cl !== undefined && !head.chunked) {
    if (!/^\d+$/.test(cl)) throw new HttpProtocolError(`bad Content-Length '${cl.slice(0, 40)}'`);
    head.contentLength = Number(cl);
  }
  return head;
}

type ChunkState = 'size' | 'ext' | 'data' | 'data-end' | 'trailer-start' | 'trailer-line' | 'done';

/** Follows chunked framing over raw bytes to find where the body ends; never alters the bytes. */
export class ChunkTracker {
  private state: ChunkState = 'size';
  private size = 0;
  private digits = 0;
  private remaining = 0;

  /** True once the last chunk and trailer have been seen. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Consumes bytes; returns how many belong to the body (fewer than given once done). */
  feed(buf: Uint8Array): number {
    let i = 0;
    while (i < buf.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const b = buf[i]!;
      i++;
      switch (this.state) {
        case 'size': {
          const h = hexVal(b);
          if (h >= 0) {
            if (this.digits >= 12) throw new HttpProtocolError('chunk size too large');
            this.size = this.size * 16 + h;
            this.digits++;
          } else if (b === 0x3b /* ; */ || b === 0x20 || b === 0x09) {
            this.state = 'ext';
          } else if (b === 0x0d) {
            // wait for LF
          } else if (b === 0x0a) {
            this.endSizeLine();
          } else {
            throw new HttpProtocolError('bad chunk size');
          }
          break;
        }
        case 'ext':
          if (b === 0x0a) this.endSizeLine();
          break;
        case 'data-end':
          if (b === 0x0a) this.state = 'size';
          else if (b !== 0x0d) throw new HttpProtocolError('missing CRLF after chunk data');
          break;
        case 'trailer-start':
          if (b === 0x0a) this.state = 'done';
          else if (b !== 0x0d) this.state = 'trailer-line';
          break;
        case 'trailer-line':
          if (b === 0x0a) this.state = 'trailer-start';
          break;
        default:
          break;
      }
    }
    return i;
  }

  private endSizeLine(): void {
    if (this.digits === 0) throw new HttpProtocolError('empty chunk size');
    if (this.size === 0) this.state = 'trailer-start';
    else {
      this.remaining = this.size;
      this.state = 'data';
    }
    this.size = 0;
    this.digits = 0;
  }
}

function hexVal(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Feeds response bytes in; gets the head once complete, and the raw body bytes. */
export class HttpResponseReader {
  /** The status line and headers, once received. */
  head: ResponseHead | undefined;
  /** Body bytes handed out so far. */
  bodyBytes = 0;
  private pending: Buffer | undefined;
  private chunks: ChunkTracker | undefined;
  private finished = false;

  /** True when the body is known to be complete (Content-Length reached, or last chunk seen). */
  get complete(): boolean {
    return this.finished;
  }

  /**
   * Consumes bytes read from the connection; returns the body bytes among them (empty while the head
   * is incomplete or after the body is complete). Throws {@link HttpProtocolError}.
   */
  feed(data: Buffer): Buffer {
    if (this.finished) return EMPTY;
    let body: Buffer;
    if (this.head === undefined) {
      const buf = this.pending === undefined ? data : Buffer.concat([this.pending, data]);
      if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') !== 'HTTP/') {
        throw new HttpProtocolError(`not an HTTP response: '${printable(buf.subarray(0, 40))}'`);
      }
      let end = buf.indexOf(CRLFCRLF);
      let sep = 4;
      const lf = buf.indexOf(LFLF);
      if (lf >= 0 && (end < 0 || lf < end)) {
        end = lf;
        sep = 2;
      }
      if (end < 0) {
        if (buf.length > MAX_HEAD_BYTES)
          throw new HttpProtocolError(`response head over ${MAX_HEAD_BYTES} bytes`);
        this.pending = buf;
        return EMPTY;
      }
      if (end > MAX_HEAD_BYTES) throw new HttpProtocolError(`response head over ${MAX_HEAD_BYTES} bytes`);
      this.pending = undefined;
      this.head = parseHead(buf.subarray(0, end).toString('latin1'));
      if (this.head.chunked) this.chunks = new ChunkTracker();
      body = buf.subarray(end + sep);
    } else {
      body = data;
    }
    if (this.head.contentLength !== undefined) {
      const left = this.head.contentLength - this.bodyBytes;
      if (body.length >= left) {
        body = body.subarray(0, left);
        this.finished = true;
      }
    } else if (this.chunks !== undefined) {
      const n = this.chunks.feed(body);
      body = body.subarray(0, n);
      if (this.chunks.done) this.finished = true;
    }
    this.bodyBytes += body.length;
    return body;
  }

  /** Why the body is incomplete when the connection closed, or `undefined` when a close ends it properly. */
  truncation(): string | undefined {
    if (this.head === undefined) {
      return this.pending === undefined
        ? 'connection closed before any response'
        : 'connection closed mid-headers';
    }
    if (this.finished) return undefined;
    if (this.head.contentLength !== undefined) {
      return `body truncated at ${this.bodyBytes} of ${this.head.contentLength} bytes`;
    }
    if (this.chunks !== undefined) return `chunked body truncated after ${this.bodyBytes} bytes`;
    return undefined;
  }
}

const EMPTY = Buffer.alloc(0);

function printable(b: Uint8Array): string {
  return Buffer.from(b)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
}
