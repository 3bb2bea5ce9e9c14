import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from './storage.js';

const SUFFIX = '.json';

/**
 * One file per key under a component's folder. Writes go to a temp file, are fsynced, then renamed over the
 * old file, so a crash leaves either the old or the new checkpoint, never a torn one.
 */
export class FileStorage implements Storage {
  readonly directory: string;
  private ready: Promise<void> | undefined;
  private seq = 0;

  constructor(directory: string) {
    this.directory = directory;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(key), 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.ensureDirectory();
    const target = this.pathOf(key);
    const temp = `${target}.${process.pid}.${this.seq++}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(value, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async keys(): Promise<string[]> {
    try {
      const names = await readdir(this.directory);
      return names
        .filter((n) => n.endsWith(SUFFIX))
        .map((n) => decodeURIComponent(n.slice(0, -SUFFIX.length)))
        .sort();
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  private pathOf(key: string): string {
    // encodeURIComponent keeps keys readable while making `/` and `..` harmless in file names.
    return join(this.directory, `${encodeURIComponent(key)}${SUFFIX}`);
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
