// One settle instance of the HA test, as a child process: the real config loader, the CLI's bundled plugins
// and the service runtime (as `settle run`), on an accelerated clock shared with the test process. Every
// process computes virtual time as base + (wall - wallAnchor) × speed, so the simulator and all members agree
// on the minute whatever moment each of them started. Plain JavaScript on the built packages (dist).
// Prints `running` once started; SIGTERM shuts down gracefully, then prints `stopped`.
// Run: node member.mjs <config.yaml> <baseMs> <wallAnchorMs> <speed>
import process from 'node:process';
import { Service, acceleratedClock, createLogger, loadConfigFile } from '@settle/core';
import { createBuiltinRegistry } from '../../../dist/src/registry.js';

const [file, baseArg, anchorArg, speedArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: member.mjs config base wallAnchor speed');
const speed = Number(speedArg);
const registry = await createBuiltinRegistry((m) => process.stderr.write(`${m}\n`));
const config = await loadConfigFile(file, { registry, env: process.env });
const logger = createLogger({ level: process.env.HA_LOG ?? 'warn', pretty: false });
const clock = acceleratedClock(speed, Number(baseArg) + Math.floor((Date.now() - Number(anchorArg)) * speed));
const service = await Service.create(config, { logger, clock });
process.once('SIGTERM', () => void service.shutdown());
await service.start();
process.stdout.write('running\n');
const exit = await service.done;
process.stdout.write(`stopped ${exit.reason}\n`);
