/**
 * One small configuration per (keyword that needs a parameter, context) with the keyword written
 * alone. The verdicts of `keepalived -t` 2.2.7 are recorded in `missing-arg-verdicts.json`.
 */
import { KEYWORDS } from '../../src/schema/index.js';
import { wrap } from './keyword-cases.js';

/** One generated case. */
export interface MissingArgCase {
  /** Stable key: `context|keyword|kind`. */
  key: string;
  /** 1-based line number of the statement in `text`. */
  lineNo: number;
  /** Full configuration text. */
  text: string;
}

/** Every case for the current schema. */
export function missingArgCases(): MissingArgCase[] {
  const out: MissingArgCase[] = [];
  for (const k of KEYWORDS) {
    if (k.args.min < 1 || k.name.startsWith('include')) continue;
    const block = k.kind === 'keyword-block' || k.kind === 'value-block';
    for (const ctx of k.contexts) {
      const line = block ? `${k.name} {\n}` : k.name;
      const text = wrap(ctx, line);
      if (!text) continue;
      const lineNo = text.split('\n').indexOf(k.name + (block ? ' {' : '')) + 1;
      out.push({ key: `${ctx}|${k.name}|${k.kind}`, lineNo, text });
    }
  }
  return out;
}
