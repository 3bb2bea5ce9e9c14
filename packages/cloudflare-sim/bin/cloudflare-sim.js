#!/usr/bin/env node
// Thin launcher: the compiled simulator lives in dist/ (built by `pnpm build`).
import process from 'node:process';
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
