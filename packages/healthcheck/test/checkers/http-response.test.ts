import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkTracker, HttpResponseReader } from '../../src/checkers/http-response.js';
import { HttpProtocolError } from '../../src/checkers/index.js';

/** Feeds `bytes` split at `cuts`; returns the body bytes handed out and the reader. */
function feedSplit(bytes: Buffer, cuts: number[]): { body: Buffer; reader: HttpResponseReader } {
  const reader = new HttpResponseReader();
  const parts: Buffer[] = [];
  let last = 0;
  for (const c of [...new Set(cuts.map((x) => x % (bytes.length + 1)))]
    .sort((a, b) => a - b)
    .concat(bytes.length)) {
    parts.push(reader.feed(bytes.subarray(last, c)));
    last = c;
  }
  return { body: Buffer.concat(parts), reader };
}

function chunked(pieces: Uint8Array[]): Buffer {
  const out: Buffer[] = [];
  for (const p of pieces)
    if (p.length > 0)
      out.push(Buffer.from(`${p.length.toString(16)}\r\n`), Buffer.from(p), Buffer.from('\r\n'));
  out.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(out);
}

describe('HttpResponseReader (pure)', () => {
  it('hands out the same body whatever the segmentation (Content-Length, chunked, until close)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (body, pieces, cuts) => {
          const cl = Buffer.concat([
            Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`),
            body,
            Buffer.from('trailing junk'),
          ]);
          const a = feedSplit(cl, cuts);
          expect(a.body.equals(Buffer.from(body))).toBe(true);
          expect(a.reader.complete).toBe(true);

          const raw = chunked(pieces);
          const ch = Buffer.concat([
            Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
            raw,
          ]);
          const b = feedSplit(ch, cuts);
          expect(b.body.equals(raw)).toBe(true); // raw framing, as genhash hashes it
          expect(b.reader.complete).toBe(true);

          const plain = Buffer.concat([Buffer.from('HTTP/1.0 200 OK\n\n'), body]);
          const c = feedSplit(plain, cuts);
          expect(c.body.equals(Buffer.from(body))).toBe(true);
          expect(c.reader.truncation()).toBeUndefined();
          expect(createHash('md5').update(c.body).digest('hex')).toBe(
            createHash('md5').update(body).digest('hex'),
          );
        },
      ),
    );
  });

  it('reports truncation and protocol errors', () => {
    const r = new HttpResponseReader();
    r.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    expect(r.truncation()).toBe('body truncated at 3 of 10 bytes');
    const h = new HttpResponseReader();
    h.feed(Buffer.from('HTTP/1.1 200 OK\r\nX: y'));
    expect(h.truncation()).toBe('connection closed mid-headers');
    expect(new HttpResponseReader().truncation()).toBe('connection closed before any response');
    expect(() => new HttpResponseReader().feed(Buffer.from('<html>'))).toThrow(HttpProtocolError);
    expect(() => new HttpResponseReader().feed(Buffer.from('HTTP/1.1 abc\r\n\r\n'))).toThrow(
      /bad status line/,
    );
    expect(() =>
      new HttpResponseReader().feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n')),
    ).toThrow(/Content-Length/);
    expect(() =>
      new HttpResponseReader().feed(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)),
    ).toThrow(/head over/);
    expect(() => new ChunkTracker().feed(Buffer.from('zz\r\n'))).toThrow(/chunk size/);
    expect(() => new ChunkTracker().feed(Buffer.from('2\r\nabX'))).toThrow(/CRLF/);
  });

  it('tracks chunk extensions and trailers', () => {
    const t = new ChunkTracker();
    const data = Buffer.from('3;name=v\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\nextra');
    expect(t.feed(data)).toBe(data.length - 5);
    expect(t.done).toBe(true);
  });
});
