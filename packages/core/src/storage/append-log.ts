import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecords, encodeRecord } from '../exporter-helper/persistent/record-codec.js';
import type { Storage } from './storage.js';

export interface LogRecord {
  readonly seq: number;
  readonly flags: number;
  readonly payload: Buffer;
}

/**
 * A durable append-only log of a component's records, framed and CRC-checked like the persistent queue's
 * segments (record-codec.ts): for write-ahead state that is cheaper to append than to rewrite whole (converge
 * logs what it forwards between two full checkpoints). A crash can tear only the last record; `read` skips it.
 */
export interface AppendLog {
  /** Bytes the log holds. */
  readonly bytes: number;
  /** The intact records, oldest first, and how many damaged stretches were skipped (a torn tail). */
  read(): Promise<{ records: LogRecord[]; damaged: number }>;
  /** Appends a record; resolves once it is on disk (written and fdatasynced). */
  append(seq: number, flags: number, payload: Buffer): Promise<void>;
  /** Empties the log (its records are covered by something saved since). */
  truncate(): Promise<void>;
  close(): Promise<void>;
}

const memoryLogs = new WeakMap<Storage, Map<string, MemoryLog>>();

/**
 * The log `key` of a component: a file `<key>.log` in its storage directory, or, without a data directory, one
 * kept in memory beside the storage object (a component re-created on the same storage finds it, as in tests).
 */
export function appendLog(storage: Storage, key: string): AppendLog {
  const { directory } = storage;
  if (directory !== undefined) return new FileLog(directory, join(directory, `${encodeURIComponent(key)}.log`));
  let logs = memoryLogs.get(storage);
  if (logs === undefined) memoryLogs.set(storage, (logs = new Map<string, MemoryLog>()));
  let log = logs.get(key);
  if (log === undefined) logs.set(key, (log = new MemoryLog()));
  return log;
}

function decode(buf: Buffer): { records: LogRecord[]; damaged: number } {
  const { records, damaged } = decodeRecords(buf);
  return { records, damaged: damaged.length };
}

class FileLog implements AppendLog {
  bytes = 0;
  private handle: FileHandle | undefined;

  constructor(
    private readonly directory: string,
    private readonly path: string,
  ) {}

  async read(): Promise<{ records: LogRecord[]; damaged: number }> {
    try {
      const buf = await readFile(this.path);
      this.bytes = buf.length;
      return decode(buf);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return { records: [], damaged: 0 };
    }
  }

  async append(seq: number, flags: number, payload: Buffer): Promise<void> {
    const record = encodeRecord(seq, flags, payload);
    const handle = await this.opened();
    let offset = 0;
    while (offset < record.length) offset += (await handle.write(record, offset)).bytesWritten;
    await handle.datasync();
    this.bytes += record.length;
  }

  async truncate(): Promise<void> {
    const handle = await this.opened();
    await handle.truncate(0);
    await handle.datasync();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async opened(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;
    await mkdir(this.directory, { recursive: true });
    this.handle = await open(this.path, 'a');
    // The file's directory entry must survive power loss too, not only its contents.
    const dir = await open(this.directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return this.handle;
  }
}

class MemoryLog implements AppendLog {
  private chunks: Buffer[] = [];
  bytes = 0;

  read(): Promise<{ records: LogRecord[]; damaged: number }> {
    return Promise.resolve(decode(Buffer.concat(this.chunks)));
  }

  append(seq: number, flags: number, payload: Buffer): Promise<void> {
    const record = encodeRecord(seq, flags, payload);
    this.chunks.push(record);
    this.bytes += record.length;
    return Promise.resolve();
  }

  truncate(): Promise<void> {
    this.chunks = [];
    this.bytes = 0;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
