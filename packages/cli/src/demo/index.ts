// `settle demo`: the command, its options and the report, for main.ts and the tests.
export { demoCommand } from './demo-command.js';
export { runDemo } from './run-demo.js';
export { DEMO_DEFAULTS, DEMO_HELP, parseDemoArgs } from './options.js';
export type { DemoOptions } from './options.js';
export type { DemoReport } from './report-text.js';
export type { Score } from './score.js';
