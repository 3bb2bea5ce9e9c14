import { SettleError } from '../errors/settle-error.js';
import { escapeControl } from './control-chars.js';

/** A message lists this many problems, then counts the rest: nobody reads 200,000 lines. */
export const MAX_LISTED_PROBLEMS = 100;

/** One thing wrong with a config file, pointing at the YAML node that caused it. */
export interface ConfigProblem {
  /** The path as the user gave it. */
  readonly file: string;
  /** 1-based; 0 when the problem is about the file as a whole (e.g. it cannot be read). */
  readonly line: number;
  /** 1-based; 0 when the problem is about the file as a whole. */
  readonly column: number;
  /** YAML path, e.g. "exporters.victoriametrics.endpoint", "service.pipelines.metrics.receivers[1]". */
  readonly path: string;
  readonly message: string;
}

/** Orders problems as a reader meets them in the file; ties keep the order they were found in. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * One problem per line: `file:line:col  yaml.path  message` (two spaces between the parts), sorted by position,
 * the first MAX_LISTED_PROBLEMS of them and a count of the rest. Control characters are escaped: a path or a
 * message may quote what the file holds, and an ESC must not reach the terminal.
 */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const sorted = sortProblems(problems);
  const lines = sorted
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((p) => [`${p.file}:${p.line}:${p.column}`, ...(p.path === '' ? [] : [p.path]), p.message].join('  '))
    .map(escapeControl);
  const rest = sorted.length - lines.length;
  if (rest > 0) lines.push(`... and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/**
 * Thrown by `loadConfigFile` with every problem found. The message is already the formatted list, so a CLI
 * can print `err.message` as is; no stack trace is ever needed for a user mistake.
 */
export class ConfigError extends SettleError {
  override readonly name: string = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('config_invalid', `invalid config (${count}):\n${formatProblems(problems)}`, {
      retryable: false,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.problems = sortProblems(problems);
  }
}
