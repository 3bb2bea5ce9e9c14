import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { OptionsError, parseFlags, USAGE } from './options.js';
import { resolveOptions } from './prompt.js';
import { pluginFiles } from './template.js';

export interface ScaffoldIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly cwd: string;
}

const processIo = (): ScaffoldIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});

/** `npm create settle-plugin -- --kind K --name T`: writes the package folder; returns the exit code. */
export async function main(argv: readonly string[], io: ScaffoldIo = processIo()): Promise<number> {
  try {
    const raw = parseFlags(argv);
    if (raw.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const options = await resolveOptions(raw, io, io.stdin.isTTY === true);
    const dir = resolve(io.cwd, options.dir);
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new OptionsError(`${options.dir} already exists and is not empty; pick another --dir`);
    }
    for (const [path, text] of Object.entries(pluginFiles(options))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    io.stdout.write(
      `Created ${options.packageName} (settle ${options.kind} "${options.type}") in ${options.dir}\n\n` +
        `  cd ${options.dir}\n  npm install\n  npm test\n  npm publish\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    io.stderr.write(`create-settle-plugin: ${err.message}\n${USAGE}`);
    return 2;
  }
}
