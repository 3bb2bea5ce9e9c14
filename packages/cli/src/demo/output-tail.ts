import { open, type FileHandle } from 'node:fs/promises';

/** One point of the file exporter's output, as the demo scores it. */
export interface SeenPoint {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly startMs: number;
  readonly timeMs: number;
  readonly firstValue: number;
  /** Virtual time at which the line was first seen in the file. */
  readonly firstSeenMs: number;
  /** True when first written after the demo asked the service to stop (converge's shutdown flush). */
  readonly atShutdown: boolean;
  lastValue: number;
  lines: number;
}

/**
 * Follows the file exporter's JSON-lines output and stamps each new line with the (virtual) time it appeared,
 * which is when the pipeline pushed it, within one read interval. Reading what the exporter really wrote keeps
 * the report honest: it scores the output, not the pipeline's own account of it.
 */
export class OutputTail {
  readonly points = new Map<string, SeenPoint>();
  lines = 0;
  malformed = 0;
  private handle: FileHandle | undefined;
  private offset = 0;
  private rest = '';

  constructor(private readonly path: string) {}

  /** Reads whatever was appended since the last call. */
  async read(nowMs: number, atShutdown: boolean): Promise<void> {
    if (this.handle === undefined) {
      try {
        this.handle = await open(this.path, 'r');
      } catch {
        return; // not created yet: nothing pushed so far
      }
    }
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      const text = this.rest + buf.toString('utf8', 0, bytesRead);
      const cut = text.lastIndexOf('\n');
      this.rest = text.slice(cut + 1);
      for (const line of text.slice(0, cut + 1).split('\n')) if (line !== '') this.take(line, nowMs, atShutdown);
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private take(line: string, nowMs: number, atShutdown: boolean): void {
    this.lines++;
    let p: { name?: unknown; attributes?: unknown; startMs?: unknown; timeMs?: unknown; value?: unknown };
    try {
      p = JSON.parse(line) as typeof p;
    } catch {
      this.malformed++;
      return;
    }
    if (typeof p.name !== 'string' || typeof p.timeMs !== 'number' || typeof p.value !== 'number') {
      this.malformed++;
      return;
    }
    const attributes = (typeof p.attributes === 'object' && p.attributes !== null ? p.attributes : {}) as Record<
      string,
      unknown
    >;
    const startMs = typeof p.startMs === 'number' ? p.startMs : p.timeMs;
    const id = pointKey(p.name, attributes, startMs);
    const prev = this.points.get(id);
    if (prev !== undefined) {
      prev.lastValue = p.value;
      prev.lines++;
      return;
    }
    this.points.set(id, {
      name: p.name,
      attributes,
      startMs,
      timeMs: p.timeMs,
      firstValue: p.value,
      firstSeenMs: nowMs,
      atShutdown,
      lastValue: p.value,
      lines: 1,
    });
  }
}

/** Identity of a point across the output and the final values: metric, labels but `account`, bucket start. */
export function pointKey(name: string, attributes: Readonly<Record<string, unknown>>, startMs: number): string {
  const labels = Object.keys(attributes)
    .filter((k) => k !== 'account')
    .sort()
    .map((k) => `${k}=${JSON.stringify(attributes[k])}`);
  return `${name}{${labels.join(',')}}@${startMs}`;
}
