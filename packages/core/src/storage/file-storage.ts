import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from './storage.js';

/** File name suffixes: a key's string value, and its bytes. */
const SUFFIX = '.json';
const BYTES_SUFFIX = '.bin';

/**
 * One file per key under a component's folder (`<key>.json` for a string, `<key>.bin` for bytes). Writes go
 * to a temp file, are fsynced, then renamed over the old file, so a crash leaves either the old or the new
 * checkpoint, never a torn one.
 */
export class FileStorage implements Storage {
  readonly directory: string;
  private ready: Promise<void> | undefined;
  private seq = 0;

  constructor(directory: string) {
    this.directory = directory;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.read(this.pathOf(key, SUFFIX)))?.toString('utf8');
  }

  async set(key: string, value: string): Promise<void> {
    await this.write(this.pathOf(key, SUFFIX), value);
    await rm(this.pathOf(key, BYTES_SUFFIX), { force: true });
  }

  getBytes(key: string): Promise<Buffer | undefined> {
    return this.read(this.pathOf(key, BYTES_SUFFIX));
  }

  async setBytes(key: string, value: Uint8Array): Promise<void> {
    await this.write(this.pathOf(key, BYTES_SUFFIX), value);
    // After the new value is in place: a crash in between leaves both, and readers prefer the bytes.
    await rm(this.pathOf(key, SUFFIX), { force: true });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key, SUFFIX), { force: true });
    await rm(this.pathOf(key, BYTES_SUFFIX), { force: true });
  }

  async keys(): Promise<string[]> {
    try {
      const names = await readdir(this.directory);
      const keys = new Set<string>();
      for (const n of names) {
        const suffix = n.endsWith(SUFFIX) ? SUFFIX : n.endsWith(BYTES_SUFFIX) ? BYTES_SUFFIX : undefined;
        if (suffix !== undefined) keys.add(decodeURIComponent(n.slice(0, -suffix.length)));
      }
      return [...keys].sort();
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  private async read(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async write(target: string, value: string | Uint8Array): Promise<void> {
    await this.ensureDirectory();
    const temp = `${target}.${process.pid}.${this.seq++}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(value);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  private pathOf(key: string, suffix: string): string {
    // encodeURIComponent keeps keys readable while making `/` and `..` harmless in file names.
    return join(this.directory, `${encodeURIComponent(key)}${suffix}`);
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
