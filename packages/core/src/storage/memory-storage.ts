import type { Storage } from './storage.js';

/** Storage that lives as long as the process: used when no data directory is configured, and in tests. */
export class MemoryStorage implements Storage {
  readonly directory = undefined;
  private readonly values = new Map<string, string | Buffer>();

  get(key: string): Promise<string | undefined> {
    const value = this.values.get(key);
    return Promise.resolve(typeof value === 'string' ? value : undefined);
  }

  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }

  getBytes(key: string): Promise<Buffer | undefined> {
    const value = this.values.get(key);
    // A copy, as a file read would be: the caller may change what it gets without touching what is stored.
    return Promise.resolve(value instanceof Buffer ? Buffer.from(value) : undefined);
  }

  setBytes(key: string, value: Uint8Array): Promise<void> {
    this.values.set(key, Buffer.from(value));
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  keys(): Promise<string[]> {
    return Promise.resolve([...this.values.keys()].sort());
  }
}
