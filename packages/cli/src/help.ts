export const HELP = `settle: metrics pipelines for data that keeps changing after the fact

Usage:
  settle run -c FILE [--log-level LEVEL] [--data-dir DIR]
                       run the pipelines of FILE until SIGINT/SIGTERM (a second signal forces exit)
  settle validate -c FILE
                       check FILE; prints every problem as file:line:col  path  message (exit 1)
  settle plan -c FILE [--zones N]
                       what each Cloudflare receiver costs in queries per quota window, per
                       credential; the poll interval and backfill time its quota allows
                       (--zones: how many zones its accounts are expected to yield)
  settle components [-c FILE]
                       list the registered components (with FILE: also its plugins; without:
                       also the settle plugins the current folder's package.json depends on)
  settle schema [-c FILE]
                       print the JSON Schema (draft-07) of the config file (with FILE: also its plugins')
  settle demo [--zones N] [--duration D] [--speed X] [--seed N] [--out DIR] [--no-vm]
                       the Cloudflare → converge → file/VictoriaMetrics pipeline on a simulated
                       Cloudflare, in accelerated time, with a report (settle demo --help)
  settle --help | --version

Options:
  -c, --config FILE    the pipeline config (YAML)
  --log-level LEVEL    trace, debug, info, warn, error, fatal or silent (default: service.telemetry.logs.level)
  --data-dir DIR       where components keep checkpoints (default: service.data_dir; none = in memory)

Exit codes: 0 ok, 1 invalid config or runtime failure, 2 bad usage, 130 forced exit.
`;
