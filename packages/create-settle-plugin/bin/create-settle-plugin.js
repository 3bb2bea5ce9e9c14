#!/usr/bin/env node
// `npm create settle-plugin` runs this: the compiled scaffold lives in dist/.
import { main } from '../dist/src/main.js';

process.exitCode = await main(process.argv.slice(2));
