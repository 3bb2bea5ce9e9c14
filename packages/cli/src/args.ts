import { LOG_LEVELS, SettleError, type LogLevel } from '@settle/core';

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly config: string | undefined;
  readonly logLevel: LogLevel | undefined;
  readonly dataDir: string | undefined;
  /** `settle plan --zones N`: zones the configured accounts are expected to yield. */
  readonly zones: string | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

/** A mistake on the command line: printed with the usage hint, exit code 2. */
export class UsageError extends SettleError {
  constructor(message: string) {
    super('usage', message);
  }
}

const WITH_VALUE: Record<string, 'config' | 'logLevel' | 'dataDir' | 'zones'> = {
  '-c': 'config',
  '--config': 'config',
  '--log-level': 'logLevel',
  '--data-dir': 'dataDir',
  '--zones': 'zones',
};

/** `settle <command> [-c FILE] [--log-level L] [--data-dir D]`, also `--flag=value`; flags may come first. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<'config' | 'logLevel' | 'dataDir' | 'zones', string>> = {};
  let command: string | undefined;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = WITH_VALUE[flag];
    if (key !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      values[key] = value;
    } else if (arg === '-h' || arg === '--help') {
      help = true;
    } else if (arg === '-V' || arg === '--version') {
      version = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (command === undefined) {
      command = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
  }
  const level = values.logLevel;
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
  }
  return {
    command,
    config: values.config,
    logLevel: level as LogLevel | undefined,
    dataDir: values.dataDir,
    zones: values.zones,
    help,
    version,
  };
}

export function requireConfig(args: ParsedArgs): string {
  if (args.config === undefined) throw new UsageError(`settle ${args.command ?? ''} needs -c FILE`);
  return args.config;
}
