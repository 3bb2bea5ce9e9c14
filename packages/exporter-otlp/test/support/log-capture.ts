import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@settle/core';

/** A real pino logger whose JSON lines the test can wait for. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger;
  private waiters: { match: RegExp; resolve: (line: Record<string, unknown>) => void }[] = [];

  constructor() {
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const text of chunk.toString('utf8').split('\n')) {
          if (text.trim() === '') continue;
          const line = JSON.parse(text) as Record<string, unknown>;
          this.lines.push(line);
          this.waiters = this.waiters.filter((w) => {
            if (!w.match.test(String(line.msg))) return true;
            w.resolve(line);
            return false;
          });
        }
        done();
      },
    });
    this.logger = createLogger({ level: 'debug', pretty: false, destination: sink });
  }

  /** Resolves with the first line (already logged or to come) whose message matches. */
  waitFor(match: RegExp): Promise<Record<string, unknown>> {
    const seen = this.lines.find((l) => match.test(String(l.msg)));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
