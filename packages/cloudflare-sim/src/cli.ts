import { acceleratedClock } from './clock/clocks.js';
import { isSettlingModelName, SETTLING_MODEL_NAMES } from './model/settling-models.js';
import { startSimulatorServer } from './server/http-server.js';
import type { SimulatorServerOptions } from './types.js';

const USAGE = `usage: cloudflare-sim [options]
  --port N             listen port (default 8787; 0 = any free port)
  --host ADDR          listen address (default 127.0.0.1)
  --zones N            number of zones (default 3)
  --seed N             seed; same seed, same data (default 1)
  --speed X            virtual time runs X times faster than the wall clock (default 1)
  --start ISO          virtual time at startup (default now)
  --token T            accepted bearer token, repeatable (default sim-token)
  --traffic N          mean requests per zone-minute (default 1000)
  --error-rate P       probability of a transient failure per GraphQL request (default 0)
  --sampling-noise R   relative noise on adaptive datasets (default 0)
  --quota N            GraphQL queries per token per 5 minutes (default 300)
  --settling NAME      how recent minutes settle: ${SETTLING_MODEL_NAMES.join(', ')} (default default)
  --help               this text`;

export class UsageError extends Error {}

function number(flag: string, raw: string | undefined, check: (n: number) => boolean, what: string): number {
  const n = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${flag} needs ${what}, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  }
  return n;
}

/** Parses argv into server options; throws UsageError with a one-line reason on a bad flag. */
export function parseArgs(argv: readonly string[], wallNow = Date.now()): SimulatorServerOptions & { help?: boolean } {
  const opts: { -readonly [K in keyof SimulatorServerOptions]: SimulatorServerOptions[K] } & { help?: boolean } = {
    port: 8787,
  };
  const tokens: string[] = [];
  let speed = 1;
  let start = wallNow;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--port':
        opts.port = number(flag, value(), (n) => Number.isInteger(n) && n >= 0 && n < 65536, 'a port number');
        break;
      case '--host':
        opts.host = value() ?? '127.0.0.1';
        break;
      case '--zones':
        opts.zones = number(flag, value(), (n) => Number.isInteger(n) && n >= 0, 'a whole number');
        break;
      case '--seed':
        opts.seed = number(flag, value(), Number.isInteger, 'an integer');
        break;
      case '--speed':
        speed = number(flag, value(), (n) => n > 0, 'a positive number');
        break;
      case '--start': {
        const raw = value();
        start = Date.parse(raw ?? '');
        if (Number.isNaN(start)) throw new UsageError(`--start needs an ISO time, got ${JSON.stringify(raw)}`);
        break;
      }
      case '--token':
        tokens.push(value() ?? '');
        break;
      case '--traffic':
        opts.trafficPerMinute = number(flag, value(), (n) => n > 0, 'a positive number');
        break;
      case '--error-rate':
        opts.errorRate = number(flag, value(), (n) => n >= 0 && n <= 1, 'a probability between 0 and 1');
        break;
      case '--sampling-noise':
        opts.samplingNoise = number(flag, value(), (n) => n >= 0, 'a number >= 0');
        break;
      case '--quota':
        opts.quota = {
          queries: number(flag, value(), (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
          windowMs: 300_000,
        };
        break;
      case '--settling': {
        const name = value() ?? '';
        if (!isSettlingModelName(name))
          throw new UsageError(
            `--settling needs one of ${SETTLING_MODEL_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
          );
        opts.settling = name;
        break;
      }
      default:
        throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
    }
  }
  if (tokens.some((t) => t === '')) throw new UsageError('--token needs a value');
  if (tokens.length > 0) opts.tokens = tokens;
  if (speed !== 1 || start !== wallNow) opts.clock = acceleratedClock(speed, start);
  return opts;
}

/** The `cloudflare-sim` command. Resolves with the exit code once the server has stopped (SIGINT/SIGTERM). */
export async function main(argv: readonly string[]): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cloudflare-sim: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const server = await startSimulatorServer(opts);
  const sim = server.simulator;
  process.stdout.write(
    `cloudflare-sim listening on ${server.url}\n  graphql: ${server.graphqlUrl}\n  account: ${sim.accountTag}\n` +
      `  settling: ${sim.settling}\n` +
      sim.zones.map((z) => `  zone ${z.tag} ${z.name}\n`).join(''),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
