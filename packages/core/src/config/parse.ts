import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { describeControl, findControl } from './control-chars.js';
import { expandEnv } from './env-expand.js';
import { checkAliases, flowTooDeep, NESTING_MESSAGE, treeTooDeep } from './limits.js';
import { descend, rootOf, type Located } from './positions.js';
import type { ConfigProblem } from './problems.js';
import { Reporter } from './reporter.js';
import { reportDuplicateKeys, reportSyntax } from './yaml-syntax.js';
import { keyText, pathAtOffset, walkNodes } from './yaml-walk.js';

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
  const poisoned = new Set<Node>();
  const reporter = new Reporter(file, lineCounter, poisoned);
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;

  const unusable = checkText(text);
  if (unusable !== undefined) {
    // The parser never ran, so the line counter is filled here; without it every offset would be line 1.
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    reporter.at(unusable.offset, '', unusable.message);
    return { problems: reporter.sorted() };
  }
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  // Every later step walks the tree recursively: a tree too deep to walk is the only problem worth reporting.
  const deep = treeTooDeep(doc.contents);
  if (deep !== undefined || doc.errors.some((e) => /call stack/i.test(e.message))) {
    const offset = deep?.range?.[0] ?? doc.errors.find((e) => /call stack/i.test(e.message))?.pos[0];
    reporter.at(offset, '', NESTING_MESSAGE);
    return { problems: reporter.sorted() };
  }

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

  // Aliases are checked before anything expands one (validation does, per component).
  // An alias is written `*name`: a file without a `*` has none, and its tree need not be measured.
  const aliasProblems = text.includes('*') ? checkAliases(doc) : [];
  for (const p of aliasProblems) reporter.at(p.node.range?.[0], pathAtOffset(doc, p.node.range?.[0] ?? 0), p.message);
  if (aliasProblems.length > 0) return { problems: reporter.sorted() };

  walkNodes(root, [], (node, path, pair) => {
    if (isPair(pair) && isScalar(pair.key) && pair.key !== node) {
      const bad = findControl(keyText(pair.key), 'key');
      if (bad !== undefined) reporter.atKey({ node, key: pair.key }, path, controlMessage(bad, 'key'));
    }
    if (!isScalar(node) || typeof node.value !== 'string' || pair?.key === node) return;
    const result = expandEnv(node.value, env);
    if ('error' in result) {
      reporter.atValue({ node, key: undefined }, path, result.error);
      poisoned.add(node);
      return;
    }
    node.value = result.value;
    const bad = findControl(result.value, 'value');
    if (bad !== undefined) {
      reporter.atValue({ node, key: undefined }, path, controlMessage(bad, 'value'));
      poisoned.add(node);
    }
  });

  const plugins = readPlugins(doc, reporter, lineCounter);
  return { parsed: { file, plugins, source: { doc, lineCounter, poisoned } }, problems: reporter.sorted() };
}

function controlMessage(ch: string, where: 'key' | 'value'): string {
  return `control character ${describeControl(ch)} in a ${where}: names and values must be printable text`;
}

/**
 * What must hold before the text is parsed at all: it is text (no NUL byte, valid UTF-8; a binary file's bytes
 * are never echoed back), holds no raw control character (YAML forbids them), and its flow collections do not
 * nest deeper than the parser can recurse.
 */
function checkText(text: string): { offset: number; message: string } | undefined {
  // eslint-disable-next-line no-control-regex
  const binary = text.search(/[\u0000\ufffd]/);
  if (binary >= 0) {
    return { offset: binary, message: 'not a text YAML file: it holds NUL bytes or invalid UTF-8 (a binary file?)' };
  }
  // eslint-disable-next-line no-control-regex
  const control = text.search(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  if (control >= 0) {
    const ch = describeControl(text[control]!);
    return { offset: control, message: `raw control character ${ch} in the file: YAML allows printable text only` };
  }
  const deep = flowTooDeep(text);
  return deep === undefined ? undefined : { offset: deep, message: NESTING_MESSAGE };
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
