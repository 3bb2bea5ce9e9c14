import { isMap, isPair, isScalar, type Document, type ErrorCode, type YAMLError } from 'yaml';
import { MAX_LISTED_PROBLEMS } from './problems.js';
import type { Reporter } from './reporter.js';
import { keyText, pathAtOffset, walkNodes } from './yaml-walk.js';

const ID_SECTIONS = new Set(['receivers', 'processors', 'exporters', 'connectors']);

/** yaml's parse errors and warnings as problems, reworded for people who did not write the parser. */
export function reportSyntax(
  doc: Document,
  errors: readonly YAMLError[],
  reporter: Reporter,
  lineOf: (offset: number) => number,
): void {
  const lines = new Set<number>();
  for (const err of errors) {
    // Each one costs a walk of the tree (pathAtOffset); past the listed ones nobody reads them.
    if (lines.size >= MAX_LISTED_PROBLEMS) break;
    let offset = err.pos[0];
    // A tab or a bad indent confuses the parser for the rest of its line; the first complaint is the useful one.
    const line = lineOf(offset);
    if (lines.has(line)) continue;
    lines.add(line);
    const first = err.message.split('\n')[0] ?? err.message;
    let message = REWORDED[err.code] ?? byMessage(first) ?? lowerFirst(first);
    if (err.code === 'BAD_INDENT') message = `bad indentation: ${lowerFirst(first)}`;
    if (err.code === 'MISSING_CHAR' && /quote/i.test(first)) {
      // yaml reports the end of the file; the opening quote is what the user must find.
      offset = unclosedQuoteStart(doc, offset) ?? offset;
      message = 'unclosed quote: the string runs to the end of the file';
    }
    reporter.at(offset, pathAtOffset(doc, offset), message);
  }
}

const REWORDED: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'a tab is used for indentation: YAML indents with spaces only',
  MULTIPLE_DOCS: 'the file holds several YAML documents (separated by ---); a config is one document',
  MULTILINE_IMPLICIT_KEY:
    'missing space after ":"? write "key: value"; otherwise check the indentation (a key must fit on one line)',
  BLOCK_AS_IMPLICIT_KEY:
    'check the indentation: a mapping cannot start on the same line as its key ("a: b: c"), write it on the next line, indented',
};

/** Messages that name parser tokens, by what they say rather than their (shared) code. */
const BY_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [
    /block-seq-ind on same line/,
    'a list cannot start on the same line as its key: put "- item" on the next line, indented',
  ],
  [
    /Implicit map keys need to be followed by map values/,
    'a key without ":" (or a value on a line of its own): check the indentation',
  ],
  [/reserved character ([@`])/, 'a value starting with @ or ` must be quoted'],
  [/Unexpected flow-(seq|map)-end/, 'a closing bracket without its opening one'],
  [/must be at most 1024 chars/, 'a key longer than 1024 characters'],
];

function byMessage(text: string): string | undefined {
  return BY_MESSAGE.find(([pattern]) => pattern.test(text))?.[1];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function unclosedQuoteStart(doc: Document, offset: number): number | undefined {
  let start: number | undefined;
  walkNodes(doc.contents, [], (node) => {
    if (!isScalar(node) || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return;
    const range = node.range;
    if (range != null && range[0] <= offset && offset <= range[2]) start = range[0];
  });
  return start;
}

/**
 * Reports keys written twice in one mapping and removes the later pairs, so validation sees the first
 * definition only. (yaml's own uniqueKeys check would stop at "Map keys must be unique" without saying where the
 * first one is.)
 */
export function reportDuplicateKeys(doc: Document, reporter: Reporter, lineOf: (offset: number) => number): void {
  walkNodes(doc.contents, [], (node, path) => {
    if (!isMap(node)) return;
    const first = new Map<string, number>();
    node.items = node.items.filter((pair) => {
      if (!isPair(pair)) return true;
      const name = keyText(pair.key);
      const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, offset ?? 0);
        return true;
      }
      const isId = (path.length === 1 && ID_SECTIONS.has(String(path[0]))) || String(path) === 'service,pipelines';
      const what = isId ? `duplicate id "${name}"` : `duplicate key "${name}"`;
      reporter.at(offset, [...path, name], `${what}: first defined at line ${lineOf(earlier)}`);
      return false;
    });
  });
}
