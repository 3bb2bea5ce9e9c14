import type { LineCounter, Node } from 'yaml';
import { formatPath, keyOffset, positionAt, valueOffset, type Located, type PathSegment } from './positions.js';
import { sortProblems, type ConfigProblem } from './problems.js';

/**
 * Collects problems for one file. Every check reports here instead of throwing, so a single pass lists
 * everything wrong. Scalars whose `${env:...}` could not be expanded are "poisoned": a second complaint about
 * their (unexpanded) value would only hide the real cause.
 */
export class Reporter {
  readonly problems: ConfigProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly poisoned: ReadonlySet<Node> = new Set(),
  ) {}

  at(offset: number | undefined, path: readonly PathSegment[] | string, message: string): void {
    const { line, column } = positionAt(this.lineCounter, offset);
    const p = typeof path === 'string' ? path : formatPath(path);
    const dedupe = `${line}:${column}:${p}:${message}`;
    if (this.seen.has(dedupe)) return;
    this.seen.add(dedupe);
    this.problems.push({ file: this.file, line, column, path: p, message });
  }

  /** The problems in file order. */
  sorted(): ConfigProblem[] {
    return sortProblems(this.problems);
  }

  isPoisoned(node: Node | null): boolean {
    return node !== null && this.poisoned.has(node);
  }

  /** About a value: wrong type, bad format, unset variable. */
  atValue(at: Located, path: readonly PathSegment[], message: string): void {
    if (this.isPoisoned(at.node)) return;
    this.at(valueOffset(at), path, message);
  }

  /** About a key: unknown key, duplicate id, bad id syntax. */
  atKey(at: Located, path: readonly PathSegment[], message: string): void {
    this.at(keyOffset(at), path, message);
  }
}
