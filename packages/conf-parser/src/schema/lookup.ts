/**
 * Fast lookups into the keyword table.
 *
 * @module
 */
import { KEYWORDS } from './keywords.js';
import type { KeywordSpec } from './types.js';

const byContext = new Map<string, Map<string, KeywordSpec>>();
const byName = new Map<string, KeywordSpec[]>();
for (const spec of KEYWORDS) {
  for (const ctx of spec.contexts) {
    let m = byContext.get(ctx);
    if (!m) {
      m = new Map();
      byContext.set(ctx, m);
    }
    if (!m.has(spec.name)) m.set(spec.name, spec);
  }
  const list = byName.get(spec.name);
  if (list) list.push(spec);
  else byName.set(spec.name, [spec]);
}

/**
 * The spec of `name` inside a block opened by `context` (`root` for the top level), or
 * `undefined` when keepalived does not know the keyword there.
 */
export function lookupKeyword(context: string, name: string): KeywordSpec | undefined {
  return byContext.get(context)?.get(name);
}

/**
 * The keywords valid inside a block opened by `context`, by name (`undefined` for an unknown
 * context). Lets a caller that looks up many keywords of one block do the context lookup once.
 */
export function contextKeywords(context: string): ReadonlyMap<string, KeywordSpec> | undefined {
  return byContext.get(context);
}

/** Every spec with this name, in any context (empty when keepalived does not know the word at all). */
export function keywordContexts(name: string): readonly KeywordSpec[] {
  return byName.get(name) ?? [];
}

/** The block contexts the table knows, e.g. `root`, `global_defs`, `vrrp_instance`, `url`. */
export function knownContexts(): string[] {
  return [...byContext.keys()];
}

/** The context a keyword block's children are looked up in. */
export function childContext(spec: KeywordSpec): string {
  return spec.opens ?? spec.name;
}

/** Distinct keyword names in the table. */
export function distinctKeywordNames(): string[] {
  return [...byName.keys()];
}
