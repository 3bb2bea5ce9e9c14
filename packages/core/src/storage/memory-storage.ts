import type { Storage } from './storage.js';

/** Storage that lives as long as the process: used when no data directory is configured, and in tests. */
export class MemoryStorage implements Storage {
  readonly directory = undefined;
  private readonly values = new Map<string, string>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
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
