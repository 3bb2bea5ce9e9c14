import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLog } from './append-log.js';
import { FileStorage } from './file-storage.js';
import { MemoryStorage } from './memory-storage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settle-append-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (records: { payload: Buffer }[]): string[] => records.map((r) => r.payload.toString());

describe('appendLog', () => {
  it('on disk: records survive a new instance, a torn tail is skipped, truncate empties it', async () => {
    const storage = new FileStorage(dir);
    const log = appendLog(storage, 'w');
    await log.append(1, 1, Buffer.from('one'));
    await log.append(2, 3, Buffer.from('two'));
    await log.close();
    expect(await readdir(dir)).toEqual(['w.log']);
    // A crash in the middle of the next write: half a record at the end.
    await appendFile(join(dir, 'w.log'), Buffer.from([0x53, 0x51, 0x52, 0x31, 9, 0, 0]));
    const again = appendLog(storage, 'w');
    const { records, damaged } = await again.read();
    expect(text(records)).toEqual(['one', 'two']);
    expect(records.map((r) => [r.seq, r.flags])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(damaged).toBe(1);
    await again.truncate();
    expect(again.bytes).toBe(0);
    await again.append(3, 1, Buffer.from('three'));
    expect(text((await appendLog(storage, 'w').read()).records)).toEqual(['three']);
    await again.close();
  });

  it('without a data directory: kept beside the storage object, one log per key', async () => {
    const storage = new MemoryStorage();
    await appendLog(storage, 'a').append(1, 0, Buffer.from('x'));
    expect(text((await appendLog(storage, 'a').read()).records)).toEqual(['x']);
    expect((await appendLog(storage, 'b').read()).records).toEqual([]);
    expect((await appendLog(new MemoryStorage(), 'a').read()).records).toEqual([]);
  });
});
