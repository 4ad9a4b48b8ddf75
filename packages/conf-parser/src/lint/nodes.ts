/**
 * Small helpers for walking the resolved statement tree ({@link ConfNode}) in the linter.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';

/** Children of a block, or an empty list for a plain statement. */
export function kids(node: ConfNode): ConfNode[] {
  return node.children ?? [];
}

/** First child statement with this keyword. */
export function child(node: ConfNode, keyword: string): ConfNode | undefined {
  for (const c of kids(node)) if (c.keyword === keyword) return c;
  return undefined;
}

/** Last child statement with this keyword (keepalived lets later lines override earlier ones). */
export function lastChild(node: ConfNode, keyword: string): ConfNode | undefined {
  let found: ConfNode | undefined;
  for (const c of kids(node)) if (c.keyword === keyword) found = c;
  return found;
}

/** Every child statement with one of these keywords. */
export function childrenOf(node: ConfNode, ...keywords: string[]): ConfNode[] {
  return kids(node).filter((c) => keywords.includes(c.keyword));
}

/** The first argument of the last statement with this keyword. */
export function arg(node: ConfNode, keyword: string): string | undefined {
  return lastChild(node, keyword)?.args[0];
}

/** Origin of the n-th argument, falling back to the statement's origin. */
export function argOrigin(node: ConfNode, index: number): Origin {
  return node.argOrigins[index] ?? node.origin;
}

/** Interprets keepalived's optional boolean argument (`on|off|true|false|yes|no`, absent = on). */
export function flag(node: ConfNode | undefined): boolean | undefined {
  if (node === undefined) return undefined;
  const v = node.args[0]?.toLowerCase();
  if (v === undefined) return true;
  if (v === 'off' || v === 'false' || v === 'no') return false;
  return true;
}

/** Depth-first visit of every statement. */
export function walk(nodes: readonly ConfNode[], visit: (node: ConfNode, parent?: ConfNode) => void): void {
  const stack: Array<[ConfNode, ConfNode | undefined]> = [];
  for (let i = nodes.length - 1; i >= 0; i--) stack.push([nodes[i]!, undefined]);
  while (stack.length > 0) {
    const [n, p] = stack.pop()!;
    visit(n, p);
    const ch = n.children;
    if (ch !== undefined) for (let i = ch.length - 1; i >= 0; i--) stack.push([ch[i]!, n]);
  }
}
