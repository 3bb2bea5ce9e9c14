import { SETTLING_MODEL_NAMES, isSettlingModelName, type SettlingModelName } from '@settle/cloudflare-sim';
import { LOG_LEVELS, parseDuration, type LogLevel } from '@settle/core';
import { UsageError } from '../args.js';

export interface DemoOptions {
  readonly zones: number;
  /** Virtual time the pipeline runs for, ms. */
  readonly durationMs: number;
  /** Virtual time runs this many times faster than the wall clock. */
  readonly speed: number;
  readonly seed: number;
  /** How the simulator's minutes settle (cloudflare-sim README, "Settling models"). */
  readonly settling: SettlingModelName;
  /** Output folder (the JSON-lines file goes inside). */
  readonly out: string;
  /** Look for VictoriaMetrics on 127.0.0.1:8428 (off with --no-vm). */
  readonly vm: boolean;
  /** The pipeline file; by default the demo.yaml shipped in @settle/cli. */
  readonly config: string | undefined;
  /** Of the pipeline's own log lines (stderr); the demo's progress and report go to stdout. */
  readonly logLevel: LogLevel;
  readonly help: boolean;
}

export const DEMO_DEFAULTS: DemoOptions = {
  zones: 3,
  durationMs: 20 * 60_000,
  speed: 20,
  seed: 1,
  settling: 'default',
  out: './demo-output',
  vm: true,
  config: undefined,
  logLevel: 'warn',
  help: false,
};

export const DEMO_HELP = `settle demo: the Cloudflare → converge pipeline on a simulated Cloudflare, in accelerated time

Usage: settle demo [--zones N] [--duration D] [--speed X] [--seed N] [--settling NAME] [--out DIR] [--no-vm]
                   [-c FILE]

  --zones N       simulated zones (default 3, at most 50)
  --duration D    virtual time to run, e.g. 20m, 1h (default 20m)
  --speed X       virtual time runs X times faster than the wall clock (default 20)
  --seed N        simulator seed: same seed, same traffic (default 1)
  --settling NAME how the simulated minutes settle: ${SETTLING_MODEL_NAMES.join(', ')} (default default)
  --out DIR       where the points go (default ./demo-output)
  --no-vm         do not look for VictoriaMetrics on 127.0.0.1:8428
  -c, --config F  pipeline file (default: the demo.yaml shipped with settle)
  --log-level L   the pipeline's own log lines on stderr (default warn)

The simulator runs in-process on 127.0.0.1; nothing leaves the machine.
`;

/** Parses the words after `settle demo` (global flags such as --log-level are accepted and ignored). */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const o: { -readonly [K in keyof DemoOptions]: DemoOptions[K] } = { ...DEMO_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case 'demo':
        break;
      case '--zones':
        o.zones = integer(flag, value(), 1, 50);
        break;
      case '--duration': {
        const text = value();
        const ms = parseDuration(text);
        if (ms === undefined || ms < 60_000)
          throw new UsageError(`--duration must be a duration of at least 1m, e.g. 20m, not "${text}"`);
        o.durationMs = ms;
        break;
      }
      case '--speed': {
        const text = value();
        const n = Number(text);
        if (!Number.isFinite(n) || n < 1 || n > 1_000)
          throw new UsageError(`--speed must be a number from 1 to 1000, not "${text}"`);
        o.speed = n;
        break;
      }
      case '--seed':
        o.seed = integer(flag, value(), 0, 2 ** 31);
        break;
      case '--settling': {
        const name = value();
        if (!isSettlingModelName(name))
          throw new UsageError(`--settling must be one of ${SETTLING_MODEL_NAMES.join(', ')}, not "${name}"`);
        o.settling = name;
        break;
      }
      case '--out':
        o.out = value();
        break;
      case '--no-vm':
        o.vm = false;
        break;
      case '-c':
      case '--config':
        o.config = value();
        break;
      case '--log-level': {
        const level = value();
        if (!(LOG_LEVELS as readonly string[]).includes(level)) {
          throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
        }
        o.logLevel = level as LogLevel;
        break;
      }
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown demo option ${arg}` : `unexpected argument "${arg}"`);
    }
  }
  return o;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
  return n;
}
