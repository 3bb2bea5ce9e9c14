import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { PathSegment } from './positions.js';

/** Visits every node of a parsed document depth-first with its YAML path (aliases are not followed). */
export function walkNodes(
  node: unknown,
  path: readonly PathSegment[],
  visit: (node: Node, path: readonly PathSegment[], pair: Pair | undefined) => void,
  pair?: Pair,
): void {
  if (node === null || typeof node !== 'object') return;
  visit(node as Node, path, pair);
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item)) walkNodes(item.value, [...path, keyText(item.key)], visit, item);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walkNodes(item, [...path, i], visit));
  }
}

/** A mapping key as text; complex keys (rare in a config) get their YAML rendering. */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/**
 * The path of the deepest node whose text contains `offset`: where a syntax error sits. Trailing whitespace
 * and comments do not count, so an error on a line after a block is not blamed on that block's last value.
 */
export function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  let best: PathSegment[] = [];
  walkNodes(doc.contents, [], (node, path, pair) => {
    const start = (pair?.key as Scalar | undefined)?.range?.[0] ?? node.range?.[0];
    const end = node.range?.[1];
    if (start !== undefined && end !== undefined && start <= offset && offset < end) best = [...path];
  });
  return best;
}
