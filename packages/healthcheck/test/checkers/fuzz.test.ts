import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpResponseReader } from '../../src/checkers/http-response.js';
import {
  classifyIcmp,
  DnsParseError,
  encodeDnsQuery,
  HttpProtocolError,
  judgeDnsResponse,
  parseDnsResponse,
  parseHexPattern,
  splitCommandLine,
} from '../../src/checkers/index.js';

// Parsers run inside socket event handlers: a stray exception there would crash the process, so on
// any input they may only return, or throw their own typed error (which the probe turns into a result).

describe('parsers never throw untyped errors on hostile input', () => {
  it('DNS response parser and judge', () => {
    const q = encodeDnsQuery(0x4242, 'www.example.test', 'A');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, withHeader) => {
        const msg = withHeader ? Buffer.concat([q.subarray(0, 12), Buffer.from(bytes)]) : Buffer.from(bytes);
        try {
          parseDnsResponse(msg);
        } catch (e) {
          expect(e).toBeInstanceOf(DnsParseError);
        }
        const o = judgeDnsResponse(msg, 0x4242, 'www.example.test', 'A');
        if (o !== undefined) expect(typeof o.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('HTTP response reader', () => {
    const prefix = fc.constantFrom(
      '',
      'HTTP/1.1 200 OK\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    fc.assert(
      fc.property(prefix, fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 5 }), (p, parts) => {
        const r = new HttpResponseReader();
        try {
          r.feed(Buffer.from(p, 'latin1'));
          for (const part of parts) r.feed(Buffer.from(part));
          r.truncation();
        } catch (e) {
          expect(e).toBeInstanceOf(HttpProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('ICMP classifier', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<4 | 6>(4, 6),
        fc.uint8Array({ maxLength: 120 }),
        fc.nat(255),
        (family, bytes, type) => {
          const b = Buffer.from(bytes);
          if (b.length > 0) b[0] = type;
          const m = classifyIcmp(family, b);
          expect(['reply', 'error', 'other']).toContain(m.kind);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('round trips (property)', () => {
  it('splitCommandLine undoes single-quote quoting of any words', () => {
    const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (words) => {
        expect(splitCommandLine(words.map(quote).join(' '))).toEqual(words);
      }),
    );
  });

  it('HEX_STR of byte pairs, in any grouping, parses back to the bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (bytes, cuts) => {
          const pairs = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
          const at = new Set(cuts.map((c) => c % pairs.length));
          const text = pairs.map((p, i) => (at.has(i) ? ` ${p.toUpperCase()}` : p)).join('');
          const p = parseHexPattern(text, 'payload');
          expect(Buffer.from(p.value).equals(Buffer.from(bytes))).toBe(true);
          expect(p.mask.every((m) => m === 0xff)).toBe(true);
        },
      ),
    );
  });
});
