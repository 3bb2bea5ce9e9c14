import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStorage } from './file-storage.js';
import { MemoryStorage } from './memory-storage.js';
import type { Storage } from './storage.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fileStorage(): Promise<FileStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'settle-storage-'));
  dirs.push(dir);
  return new FileStorage(join(dir, 'component'));
}

describe.each([
  ['FileStorage', fileStorage],
  ['MemoryStorage', () => Promise.resolve(new MemoryStorage())],
] as const)('%s', (_, make: () => Promise<Storage>) => {
  it('a key holds a string or bytes: setting one kind replaces the other', async () => {
    const s = await make();
    expect(await s.getBytes('a')).toBeUndefined();
    await s.set('a', '{"x":1}');
    const bytes = Uint8Array.from([0, 255, 1, 0xc3, 0x28]); // not valid UTF-8: must come back as written
    await s.setBytes('a', bytes);
    await s.setBytes('b/..', Uint8Array.from([7]));
    expect([...(await s.getBytes('a'))!]).toEqual([...bytes]);
    expect(await s.get('a')).toBeUndefined();
    expect(await s.keys()).toEqual(['a', 'b/..']);
    await s.set('a', '{"x":2}');
    expect(await s.get('a')).toBe('{"x":2}');
    expect(await s.getBytes('a')).toBeUndefined();
    await s.delete('a');
    await s.delete('b/..');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.keys()).toEqual([]);
  });

  it('setBytes replaces the value; what get returns is a copy', async () => {
    const s = await make();
    await s.setBytes('k', Buffer.from('first, longer value'));
    const written = Buffer.from('second');
    await s.setBytes('k', written);
    written.fill(0);
    const read = (await s.getBytes('k'))!;
    expect(read.toString()).toBe('second');
    read.fill(0);
    expect((await s.getBytes('k'))!.toString()).toBe('second');
  });
});

it('FileStorage leaves no temp file behind and names the file <key>.bin', async () => {
  const s = await fileStorage();
  await s.set('converge', '{}');
  await s.setBytes('converge', Buffer.alloc(1 << 20, 1));
  expect(await readdir(s.directory)).toEqual(['converge.bin']);
});
