import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.js';

const dir = mkdtempSync(join(tmpdir(), 'settle-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (value: number, startMs = 0): string =>
  `${JSON.stringify({ name: 'm', attributes: { zone: 'z' }, startMs, timeMs: startMs + 60_000, value })}\n`;

describe('OutputTail', () => {
  it('stamps each point with the time its first line appeared and follows revisions', async () => {
    const file = join(dir, 'points.jsonl');
    const tail = new OutputTail(file);
    await tail.read(1, false); // file not there yet
    expect(tail.lines).toBe(0);
    appendFileSync(file, line(1) + line(5, 60_000).slice(0, 10));
    await tail.read(2, false);
    expect(tail.lines).toBe(1); // the half-written line waits
    appendFileSync(file, line(5, 60_000).slice(10) + line(2) + 'not json\n');
    await tail.read(3, true);
    expect(tail.lines).toBe(4);
    expect(tail.malformed).toBe(1);
    const [first, second] = [...tail.points.values()];
    expect(first).toMatchObject({ firstValue: 1, lastValue: 2, lines: 2, firstSeenMs: 2, atShutdown: false });
    expect(second).toMatchObject({ firstValue: 5, firstSeenMs: 3, atShutdown: true, startMs: 60_000 });
    await tail.close();
  });
});
