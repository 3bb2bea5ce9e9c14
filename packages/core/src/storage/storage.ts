/**
 * A small key-value store for checkpoints, scoped to one component. A value is a string (JSON by convention)
 * or bytes (for state too large to serialise as JSON every time, e.g. typed-array columns): setting one kind
 * replaces a value of the other kind, and reading a key as the other kind finds nothing. Every set replaces
 * the value atomically: a crash leaves the old value or the new one, never a torn one.
 * `directory` is a private folder for components that need files of their own (e.g. a persistent queue);
 * it is undefined when settle runs without a data directory, in which case state lives in memory only.
 */
export interface Storage {
  readonly directory: string | undefined;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  getBytes(key: string): Promise<Buffer | undefined>;
  setBytes(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys holding a string or bytes, sorted. */
  keys(): Promise<string[]>;
}

/** Reads a JSON checkpoint; undefined when absent. */
export async function getJson<T>(storage: Storage, key: string): Promise<T | undefined> {
  const raw = await storage.get(key);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}

export async function setJson(storage: Storage, key: string, value: unknown): Promise<void> {
  await storage.set(key, JSON.stringify(value));
}
