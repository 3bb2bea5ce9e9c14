import type { FileHandle } from 'node:fs/promises';
import { open, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const ACK_BYTES = 12;

/**
 * The acknowledgement watermark: every record with a lower seq was delivered (or dropped on purpose).
 * 12 bytes rewritten in place (seq f64 + crc32): too small to tear across sectors, and the CRC catches it
 * if it does. Losing it only replays delivered batches again, which backend dedup absorbs.
 */
export class AckFile {
  private handle: FileHandle | undefined;
  private writing: Promise<void> | undefined;
  private wanted = 0;
  private written = -1;

  constructor(
    private readonly path: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The stored watermark, 0 when absent, undefined when damaged. */
  static async read(path: string): Promise<number | undefined> {
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    if (buf.length < ACK_BYTES) return undefined;
    const seq = buf.readDoubleLE(0);
    return crc32(buf.subarray(0, 8)) === buf.readUInt32LE(8) && Number.isSafeInteger(seq) ? seq : undefined;
  }

  async open(): Promise<void> {
    this.handle = await open(this.path, 'a+').then(async (h) => {
      await h.close();
      return open(this.path, 'r+');
    });
  }

  /** Records a new watermark; writes coalesce, so a burst of acks costs one write. */
  set(seq: number): void {
    this.wanted = seq;
    this.writing ??= this.writeLoop();
  }

  async close(sync: boolean): Promise<void> {
    await this.writing;
    if (this.handle === undefined) return;
    if (sync) await this.handle.sync();
    await this.handle.close();
    this.handle = undefined;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.handle !== undefined && this.written !== this.wanted) {
        const seq = this.wanted;
        const buf = Buffer.alloc(ACK_BYTES);
        buf.writeDoubleLE(seq, 0);
        buf.writeUInt32LE(crc32(buf.subarray(0, 8)), 8);
        await this.handle.write(buf, 0, ACK_BYTES, 0);
        this.written = seq;
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.writing = undefined;
    }
  }
}
