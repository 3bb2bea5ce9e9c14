#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `pnpm build`, which the setup script runs).
import { main } from '../dist/src/main.js';

process.exitCode = await main(process.argv.slice(2));
