import { ConfigError, coreVersion, escapeControl, isSettleError } from '@settle/core';
import { parseArgs, requireConfig, UsageError } from './args.js';
import { componentsCommand, loadProjectPlugins } from './commands/components.js';
import { demoCommand } from './demo/index.js';
import { loadConfig } from './commands/load.js';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { HELP } from './help.js';
import { println, processIo, type CliIo } from './io.js';
import { createBuiltinRegistry } from './registry.js';
import { CLI_VERSION } from './version.js';

/** Entry point of the `settle` command; returns the exit code. User mistakes never print a stack trace. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    if (argv[0] === 'demo') return await demoCommand(argv, io); // the demo parses its own options
    const args = parseArgs(argv);
    if (args.version) {
      println(io.stdout, `settle ${CLI_VERSION} (@settle/core ${coreVersion()}, node ${process.version})`);
      return 0;
    }
    if (args.help || args.command === undefined || args.command === 'help') {
      io.stdout.write(HELP);
      return args.command === undefined && !args.help ? 2 : 0;
    }
    const warn = (message: string): void => println(io.stderr, message);
    switch (args.command) {
      case 'run':
        return await runCommand(requireConfig(args), args, await createBuiltinRegistry(warn), io);
      case 'validate':
        return await validateCommand(requireConfig(args), await createBuiltinRegistry(warn), io, args.dataDir);
      case 'plan':
        return await planCommand(requireConfig(args), args.zones, await createBuiltinRegistry(warn), io, Date.now());
      case 'components': {
        const registry = await createBuiltinRegistry(warn);
        if (args.config !== undefined) await loadConfig(args.config, registry, io);
        else await loadProjectPlugins(registry, io);
        return componentsCommand(registry, io);
      }
      case 'schema':
        return await schemaCommand(await createBuiltinRegistry(warn), io, args.config);
      case 'demo':
        return await demoCommand(argv, io);
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (err) {
    return reportError(err, io);
  }
}

/** Messages may quote what a file or an argument held: control characters are escaped, never printed raw. */
function reportError(err: unknown, io: CliIo): number {
  if (err instanceof ConfigError) {
    println(io.stderr, err.message); // already escaped, line by line
    return 1;
  }
  if (err instanceof UsageError) {
    println(io.stderr, `settle: ${escapeControl(err.message)}\nRun "settle --help" for usage.`);
    return 2;
  }
  if (isSettleError(err)) {
    // By brand: a plugin's own copy of @settle/core throws SettleErrors of another class.
    println(io.stderr, `settle: ${escapeControl(err.message)}`);
    return 1;
  }
  // Not a user mistake: a bug, so the stack is worth showing.
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  println(io.stderr, `settle: internal error: ${text.split('\n').map(escapeControl).join('\n')}`);
  return 1;
}
