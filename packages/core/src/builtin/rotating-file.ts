import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SettleError } from '../errors/settle-error.js';

export interface RotationPolicy {
  readonly maxBytes: number;
  readonly maxBackups: number;
}

/**
 * An append-only file that writes each chunk whole, one at a time, and rotates by size: `<path>` → `<path>.1`
 * → … → `<path>.N`. Chunks are never split across files, so every file holds complete lines.
 */
export class RotatingFile {
  private handle: FileHandle | undefined;
  private size = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly rotation: RotationPolicy | undefined,
  ) {}

  /** Resolves once the chunk is in the file (the caller's backpressure); chunks are written in call order. */
  append(text: string): Promise<void> {
    if (this.closed)
      return Promise.reject(new SettleError('file_closed', `${this.path} is closed`, { retryable: false }));
    const run = this.queue.then(() => this.write(Buffer.from(text, 'utf8')));
    // Keep the chain alive after a failed write; the failure is reported to that write's caller.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for pending writes, syncs to disk and closes. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const h = this.handle;
    this.handle = undefined;
    if (h === undefined) return;
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  }

  private async write(chunk: Buffer): Promise<void> {
    try {
      if (this.handle === undefined) await this.openFile();
      if (this.rotation !== undefined && this.size > 0 && this.size + chunk.length > this.rotation.maxBytes) {
        await this.rotate(this.rotation);
      }
      await this.handle?.appendFile(chunk);
      this.size += chunk.length;
    } catch (err) {
      throw new SettleError('file_write_failed', `cannot write ${this.path}: ${(err as Error).message}`, {
        cause: err,
        retryable: true,
      });
    }
  }

  private async openFile(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    this.handle = await open(this.path, 'a');
    this.size = (await stat(this.path)).size;
  }

  private async rotate(policy: RotationPolicy): Promise<void> {
    await this.handle?.sync();
    await this.handle?.close();
    this.handle = undefined;
    if (policy.maxBackups === 0) {
      await rm(this.path, { force: true });
    } else {
      await rm(`${this.path}.${policy.maxBackups}`, { force: true });
      for (let i = policy.maxBackups - 1; i >= 1; i--)
        await renameIfExists(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      await rename(this.path, `${this.path}.1`);
    }
    await this.openFile();
  }
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
