/**
 * Parsing `~SEQ(var, [start,] [step,] end)`, `~SEQx(…)` and `~LST(…)` heads
 * (keepalived.conf(5) "Sequence blocks", "List blocks").
 *
 * @module
 */

/** A parsed sequence or list head. */
export interface SeqSpec {
  /** Variable names set on each iteration (one for `~SEQ`, one or more for `~LST`). */
  vars: string[];
  /** Number of iterations. */
  count: number;
  /** Values of the variables for iteration `i` (0-based). */
  valuesAt(i: number): string[];
  /** Offset in the line where the repeated text starts. */
  textStart: number;
}

/** Result of {@link parseSeq}: a spec, or an error message. */
export type SeqParse =
  | {
      /** Parsed. */
      ok: true;
      /** The head. */
      spec: SeqSpec;
    }
  | {
      /** Not parsed. */
      ok: false;
      /** keepalived-style message. */
      message: string;
    };

/** C `strtol(s, &end, 0)`: optional blanks, sign, `0x` hex, leading-`0` octal or decimal. */
function strtol(s: string, at: number): { value: number; end: number } {
  let i = at;
  while (i < s.length && /[ \t\n\r\v\f]/.test(s[i] as string)) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const digits = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const startDigits = i;
  let v = 0;
  while (i < s.length && digits.test(s[i] as string)) {
    v = v * base + Number.parseInt(s[i] as string, base);
    if (v > 2 ** 53) v = 2 ** 53;
    i++;
  }
  if (i === startDigits) return { value: 0, end: at };
  return { value: sign * v, end: i };
}

function skipBlanks(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
  return j;
}

/** Parse a line that starts with `~SEQ`, `~SEQx` or `~LST`. */
export function parseSeq(line: string): SeqParse {
  if (line.startsWith('~LST')) return parseLst(line);
  const hex = line.startsWith('~SEQx');
  let p = hex ? 5 : 4;
  p = skipBlanks(line, p);
  if (line[p] !== '(') return { ok: false, message: `Invalid ~SEQ definition '${line}'` };
  p = skipBlanks(line, p + 1);
  const varStart = p;
  while (p < line.length && !' \t,)'.includes(line[p] as string)) p++;
  const name = line.slice(varStart, p);
  p = skipBlanks(line, p);
  if (p >= line.length || line[p] === ')' || name === '')
    return { ok: false, message: `Invalid ~SEQ definition '${line}'` };
  p++;
  const nums: number[] = [];
  for (;;) {
    const r = strtol(line, p);
    nums.push(r.value);
    p = skipBlanks(line, r.end);
    if (line[p] === ')') break;
    if (line[p] !== ',' || nums.length >= 3)
      return { ok: false, message: `Invalid ~SEQ definition '${line}'` };
    p++;
  }
  let start: number;
  let step: number;
  let end: number;
  if (nums.length === 1) {
    end = nums[0] as number;
    step = end < 1 ? -1 : 1;
    start = end < 0 ? -1 : 1;
  } else if (nums.length === 2) {
    start = nums[0] as number;
    end = nums[1] as number;
    step = start <= end ? 1 : -1;
  } else {
    start = nums[0] as number;
    step = nums[1] as number;
    end = nums[2] as number;
    if (step === 0 || (start < end && step < 0) || (start > end && step > 0))
      return { ok: false, message: `Invalid ~SEQ values '${line}'` };
  }
  const count = Math.floor((end - start) / step) + 1;
  const textStart = skipBlanks(line, p + 1);
  return {
    ok: true,
    spec: {
      vars: [name],
      count: Math.max(0, count),
      valuesAt: (i) => {
        const v = start + i * step;
        return [hex ? (v < 0 ? `-${(-v).toString(16)}` : v.toString(16)) : String(v)];
      },
      textStart,
    },
  };
}

/** Split `s` on top-level commas (braces group). */
function splitTop(s: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  out.push(s.slice(from));
  return out.map((x) => x.trim());
}

/** Items of one `{a, b}` group, or a single bare item. */
function groupItems(s: string): string[] {
  if (s.startsWith('{') && s.endsWith('}'))
    return s
      .slice(1, -1)
      .split(',')
      .map((x) => x.trim());
  return [s];
}

function parseLst(line: string): SeqParse {
  let p = skipBlanks(line, 4);
  const bad = (): SeqParse => ({ ok: false, message: `Invalid ~LST definition '${line}'` });
  if (line[p] !== '(') return bad();
  p++;
  let depth = 0;
  let close = -1;
  for (let i = p; i < line.length; i++) {
    if (line[i] === '{') depth++;
    else if (line[i] === '}') depth--;
    else if (line[i] === ')' && depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return bad();
  const parts = splitTop(line.slice(p, close));
  if (!parts || parts.length < 2) return bad();
  const vars = groupItems(parts[0] as string);
  if (vars.some((v) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))) return bad();
  const rows: string[][] = [];
  for (const item of parts.slice(1)) {
    const vals = groupItems(item);
    if (vals.length !== vars.length) return bad();
    rows.push(vals);
  }
  return {
    ok: true,
    spec: {
      vars,
      count: rows.length,
      valuesAt: (i) => rows[i] ?? [],
      textStart: skipBlanks(line, close + 1),
    },
  };
}
