import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  checkKind,
  checkType,
  completeOptions,
  OptionsError,
  type Kind,
  type PluginOptions,
  type RawOptions,
} from './options.js';

export interface PromptIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
}

/**
 * The flags given, and for the kind and name that are missing, questions on the terminal (node:readline).
 * Without a terminal (CI, a pipe) a missing flag is an error naming it, rather than a hang.
 */
export async function resolveOptions(raw: RawOptions, io: PromptIo, interactive: boolean): Promise<PluginOptions> {
  if (raw.kind !== undefined && raw.name !== undefined) {
    return completeOptions(checkKind(raw.kind), checkType(raw.name), raw.package, raw.dir);
  }
  if (!interactive) {
    const missing = [raw.kind === undefined ? '--kind' : '', raw.name === undefined ? '--name' : ''].filter(Boolean);
    throw new OptionsError(`${missing.join(' and ')} missing (no terminal to ask on)`);
  }
  const rl = createInterface({ input: io.stdin, terminal: false });
  // Reading lines through the iterator keeps answers typed (or piped) ahead of their question.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async <T>(question: string, check: (answer: string) => T): Promise<T> => {
    for (;;) {
      io.stdout.write(question);
      const next = await lines.next();
      if (next.done === true) throw new OptionsError('no answer (input ended)');
      try {
        return check(String(next.value).trim());
      } catch (err) {
        if (!(err instanceof OptionsError)) throw err;
        io.stdout.write(`${err.message}\n`);
      }
    }
  };
  try {
    const kind: Kind =
      raw.kind !== undefined ? checkKind(raw.kind) : await ask('kind (receiver, processor, exporter): ', checkKind);
    const type =
      raw.name !== undefined ? checkType(raw.name) : await ask('component type (e.g. acme_http): ', checkType);
    return completeOptions(kind, type, raw.package, raw.dir);
  } finally {
    rl.close();
  }
}
