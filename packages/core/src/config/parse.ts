import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { expandEnv } from './env-expand.js';
import { descend, rootOf, type Located } from './positions.js';
import type { ConfigProblem } from './problems.js';
import { Reporter } from './reporter.js';
import { reportDuplicateKeys, reportSyntax } from './yaml-syntax.js';
import { walkNodes } from './yaml-walk.js';

export interface PluginReference {
  /** An npm package name or a path relative to the config file, as written. */
  readonly spec: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

/** What `resolveConfig` needs from the parse: the positioned document after env expansion. */
export interface ParsedSource {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Scalars whose `${env:...}` failed: already reported, not worth a second complaint. */
  readonly poisoned: ReadonlySet<Node>;
}

export interface ParsedConfig {
  readonly file: string;
  readonly plugins: readonly PluginReference[];
  /** Internal to the config loader; do not depend on its shape. */
  readonly source: ParsedSource;
}

/**
 * Step 1: parse YAML (syntax errors become problems), expand `${env:...}` in every string value, pick out
 * `plugins:`. Without a usable document (syntax error, empty file) `parsed` is undefined: validating a
 * half-parsed tree would only add confusing follow-up problems.
 */
export function parseConfig(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): { parsed?: ParsedConfig; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const poisoned = new Set<Node>();
  const reporter = new Reporter(file, lineCounter, poisoned);
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    reportSyntax(doc, doc.errors, reporter, lineOf);
    reportDuplicateKeys(doc, reporter, lineOf);
    return { problems: reporter.sorted() };
  }
  reportSyntax(doc, doc.warnings, reporter, lineOf);
  reportDuplicateKeys(doc, reporter, lineOf);

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    reporter.at(0, '', 'the config is empty: it needs at least receivers, exporters and service.pipelines');
    return { problems: reporter.sorted() };
  }
  if (!isMap(root)) {
    reporter.at(root.range?.[0], '', 'the config must be a mapping (receivers:, exporters:, service: ...)');
    return { problems: reporter.sorted() };
  }

  walkNodes(root, [], (node, path, pair) => {
    if (!isScalar(node) || typeof node.value !== 'string' || pair?.key === node) return;
    const result = expandEnv(node.value, env);
    if ('error' in result) {
      reporter.atValue({ node, key: undefined }, path, result.error);
      poisoned.add(node);
    } else {
      node.value = result.value;
    }
  });

  const plugins = readPlugins(doc, reporter, lineCounter);
  return { parsed: { file, plugins, source: { doc, lineCounter, poisoned } }, problems: reporter.sorted() };
}

function readPlugins(doc: Document, reporter: Reporter, lineCounter: LineCounter): PluginReference[] {
  const at = descend(doc, rootOf(doc), 'plugins');
  if (at === undefined || at.node === null || (isScalar(at.node) && at.node.value === null)) return [];
  if (!isSeq(at.node)) {
    reporter.atValue(at, ['plugins'], 'plugins must be a list of npm package names or paths');
    return [];
  }
  const out: PluginReference[] = [];
  at.node.items.forEach((item, i) => {
    const entry: Located = { node: item as Node, key: undefined };
    const path = `plugins[${i}]`;
    if (reporter.isPoisoned(entry.node)) return;
    if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
      reporter.atValue(entry, ['plugins', i], 'a plugin must be a package name or a path');
      return;
    }
    const { line, col } = lineCounter.linePos(item.range?.[0] ?? 0);
    out.push({ spec: item.value, line, column: col, path });
  });
  return out;
}
