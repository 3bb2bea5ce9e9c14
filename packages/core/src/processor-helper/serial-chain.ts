/**
 * Runs steps one at a time in the order they were asked for. A failing step rejects its own caller only:
 * what follows still runs.
 */
export class SerialChain {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every step asked for so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
