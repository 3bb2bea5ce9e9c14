import { println, type CliIo } from '../io.js';
import { DEMO_HELP, parseDemoArgs } from './options.js';
import { formatReport } from './report-text.js';
import { runDemo } from './run-demo.js';

/**
 * `settle demo [options]`: `argv` is everything after `settle` (the command word included). Usage and config
 * mistakes are thrown as the CLI's errors so main.ts prints them its usual way.
 */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseDemoArgs(argv);
  if (options.help) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  const report = await runDemo(options, io);
  println(io.stdout, formatReport(report));
  return 0;
}
