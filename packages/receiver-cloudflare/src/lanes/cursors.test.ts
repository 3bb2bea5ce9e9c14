import { MemoryStorage } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { Cursors } from './cursors.js';

describe('Cursors', () => {
  it('resumes stored cursors when the backfill setting is unchanged', async () => {
    const storage = new MemoryStorage();
    const a = new Cursors(storage);
    await a.load(['x', 'y'], { origin: 'since:0', startMs: 0 });
    a.set('x', 600_000);
    await a.save();
    const b = new Cursors(storage);
    await b.load(['x', 'y', 'z'], { origin: 'since:0', startMs: 0 });
    expect(b.get('x')).toBe(600_000);
    expect(b.get('y')).toBe(0);
    expect(b.get('z')).toBe(0);
  });

  it('starts over when the backfill setting changed', async () => {
    const storage = new MemoryStorage();
    const a = new Cursors(storage);
    await a.load(['x'], { origin: 'since:0', startMs: 0 });
    a.set('x', 600_000);
    await a.save();
    const b = new Cursors(storage);
    await b.load(['x'], { origin: 'duration:3600000', startMs: 42 });
    expect(b.get('x')).toBe(42);
  });

  it('keeps stored cursors without a backfill setting (to fill a restart gap), none otherwise', async () => {
    const storage = new MemoryStorage();
    const fresh = new Cursors(storage);
    await fresh.load(['x'], undefined);
    expect(fresh.get('x')).toBeUndefined();
    fresh.set('x', 5);
    await fresh.save();
    const again = new Cursors(storage);
    await again.load(['x'], undefined);
    expect(again.get('x')).toBe(5);
  });

  it('ignores an unreadable checkpoint', async () => {
    const storage = new MemoryStorage();
    await storage.set('cursors', '{not json');
    const c = new Cursors(storage);
    await c.load(['x'], { origin: 'since:0', startMs: 7 });
    expect(c.get('x')).toBe(7);
  });
});
