import { println, type CliIo } from '../io.js';

/** Placeholder until the demo (packages/cli/src/demo) exists. */
export function demoCommand(io: CliIo): number {
  println(io.stderr, 'settle demo: not built yet');
  return 2;
}
