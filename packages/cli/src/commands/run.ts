import { createLogger, Service, systemClock, type ComponentRegistry } from '@settle/core';
import { println, type CliIo } from '../io.js';
import type { ParsedArgs } from '../args.js';
import { effectiveDataDir, loadConfig } from './load.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `settle run`: runs until SIGINT/SIGTERM, then shuts down gracefully (receivers stop, processors flush,
 * exporters drain) and returns 0. A second signal exits at once with 130. A component's fatal error or a
 * failed start returns 1 with its message.
 */
export async function runCommand(
  file: string,
  args: ParsedArgs,
  registry: ComponentRegistry,
  io: CliIo,
): Promise<number> {
  const config = await loadConfig(file, registry, io, args.dataDir);
  const level = args.logLevel ?? config.service.telemetry.logs.level;
  const logger = createLogger(io.isProcess ? { level } : { level, pretty: false, destination: io.stderr });
  const dataDir = effectiveDataDir(config, args.dataDir);
  const service = await Service.create(config, {
    logger,
    clock: systemClock,
    ...(dataDir === undefined ? {} : { dataDir }),
  });

  let signalled = 0;
  const onSignal = (signal: string): void => {
    signalled++;
    if (signalled > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
      io.exit(130);
      return;
    }
    logger.info({ signal }, 'shutting down gracefully (send the signal again to force)');
    void service.shutdown();
  };
  for (const s of SIGNALS) io.signals.on(s, onSignal);
  try {
    try {
      await service.start();
    } catch {
      // The service already stopped; its exit says why.
    }
    if (service.state === 'running') {
      const address = service.telemetryAddress();
      logger.info(
        {
          file,
          pipelines: config.pipelines.map((p) => p.id),
          ...(address === undefined ? {} : { telemetry: `http://${address.host}:${address.port}/metrics` }),
          ...(dataDir === undefined ? {} : { dataDir }),
        },
        'settle is running',
      );
    }
    const exit = await service.done;
    if (exit.reason === 'shutdown') return 0;
    println(io.stderr, `settle: ${exit.message ?? exit.reason}`);
    return 1;
  } finally {
    for (const s of SIGNALS) io.signals.off(s, onSignal);
    logger.flush();
  }
}
