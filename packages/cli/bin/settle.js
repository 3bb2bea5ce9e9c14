#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `pnpm build`, which the setup script runs).
import { main } from '../dist/src/main.js';

// Should the event loop ever empty while main() is pending, Node would exit 13 without a word.
let finished = false;
process.on('exit', (code) => {
  if (!finished) process.stderr.write(`settle: stopped unexpectedly with nothing left running (exit code ${code})\n`);
});
process.exitCode = await main(process.argv.slice(2));
finished = true;
