import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';

/**
 * How deep collections may nest. A real config is under 10 levels; the YAML parser and every recursive walk
 * after it run out of stack somewhere past 1,000, so the limit is checked before anything recurses.
 */
export const MAX_NESTING = 64;

/** How many values the file may stand for once every alias is expanded (an alias bomb stands for billions). */
export const MAX_EXPANDED_VALUES = 100_000;

export const NESTING_MESSAGE = `collections are nested more than ${MAX_NESTING} levels deep: a config never needs that many`;

/**
 * Scans the text for flow collections (`[`, `{`) nested deeper than MAX_NESTING, before the parser recurses
 * into them; returns the offset of the bracket that crosses the limit. Quoted strings and comments are skipped,
 * and a bracket only counts where a flow collection can start, so `a: x[1]` is plain text. Block nesting
 * cannot be deep without being long (each level adds indentation), so the parsed tree's check covers it.
 */
export function flowTooDeep(text: string): number | undefined {
  let depth = 0;
  let lastSignificant = '\n';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end - 1;
      continue;
    }
    if ((ch === '"' || ch === "'") && /[\s[{,:\-?]/.test(lastSignificant)) {
      i = quoteEnd(text, i, ch);
      lastSignificant = ch;
      continue;
    }
    if ((ch === '[' || ch === '{') && /[\s[{,:\-?]/.test(lastSignificant)) {
      depth++;
      if (depth > MAX_NESTING) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
    }
    lastSignificant = ch === ' ' && lastSignificant === '\n' ? '\n' : ch;
  }
  return undefined;
}

function quoteEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

/** The first node nested deeper than MAX_NESTING in the parsed tree (walked without recursion). */
export function treeTooDeep(root: unknown): Node | undefined {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) return node;
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item: unknown = node.items[i];
      if (isPair(item)) {
        stack.push([item.value, depth + 1]);
        stack.push([item.key, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

export interface AliasProblem {
  readonly node: Node;
  readonly message: string;
}

/**
 * Checks every alias before anything expands one: it must name an anchor defined before it and not around it,
 * and all aliases together may stand for at most MAX_EXPANDED_VALUES values, nested at most MAX_NESTING deep.
 * One pass in document order with memoised sizes, so a bomb costs as much to check as its text is long.
 * Assumes the written tree is at most MAX_NESTING deep (checked first), which bounds the recursion.
 */
export function checkAliases(doc: Document): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  const measured = new Map<Node, { size: number; depth: number }>();
  let expanded = 0;
  let bombReported = false;

  const measure = (node: unknown): { size: number; depth: number } => {
    if (node === null || typeof node !== 'object') return { size: 1, depth: 0 };
    const n = node as Node;
    const known = measured.get(n);
    if (known !== undefined) return known;
    if (n.anchor !== undefined && n.anchor !== null) anchors.set(n.anchor, n);
    let result = { size: 1, depth: 0 };
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) {
        problems.push({ node: n, message: `alias *${n.source} has no anchor &${n.source} defined before it` });
      } else if (open.has(target)) {
        problems.push({ node: n, message: `alias *${n.source} refers to a collection that contains it` });
      } else {
        result = measure(target);
        expanded += result.size;
        if (!bombReported && (expanded > MAX_EXPANDED_VALUES || result.depth > MAX_NESTING)) {
          bombReported = true;
          problems.push({
            node: n,
            message:
              result.depth > MAX_NESTING
                ? `alias *${n.source} makes ${NESTING_MESSAGE}`
                : `aliases expand to more than ${MAX_EXPANDED_VALUES} values (*${n.source} alone stands for ${result.size}): an alias bomb?`,
          });
        }
      }
    } else if (isMap(n) || isSeq(n)) {
      open.add(n);
      let size = 1;
      let depth = 0;
      for (const item of n.items as unknown[]) {
        const parts = isPair(item) ? [item.key, item.value] : [item];
        for (const part of parts) {
          const m = measure(part);
          size += m.size;
          depth = Math.max(depth, m.depth);
        }
      }
      open.delete(n);
      result = { size, depth: depth + 1 };
    }
    measured.set(n, result);
    return result;
  };
  measure(doc.contents);
  return problems;
}
