import { pino, type Logger } from 'pino';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Config keys whose values must never reach a log line, wherever they appear in an object. */
const REDACT = [
  'api_token',
  'apiToken',
  'token',
  'password',
  'authorization',
  'Authorization',
  'api_key',
  '*.api_token',
  '*.token',
  '*.password',
  '*.authorization',
  '*.Authorization',
  'headers.*',
  '*.headers.*',
];

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Human-readable output; by default when stderr is a terminal. */
  readonly pretty?: boolean;
  /** Where JSON lines go; stderr by default so stdout stays free for command output. */
  readonly destination?: NodeJS.WritableStream;
}

/** The root logger: JSON lines (pino) with secrets redacted, pretty-printed when a person is watching. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const pretty = options.pretty ?? (options.destination === undefined && process.stderr.isTTY);
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: null };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(base, options.destination ?? pino.destination({ fd: 2, sync: true }));
}

/** A logger that discards everything (tests, library callers that pass none). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
