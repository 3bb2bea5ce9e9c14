import { describe, expect, it } from 'vitest';
import { nextShare } from './zone-handover.js';

const LOOKBACK = 600_000;
const ownsOf =
  (tags: readonly string[]) =>
  (tag: string): boolean =>
    tags.includes(tag);

describe('nextShare: handover of the zones a membership change gave away', () => {
  it('records the owned zones and hands over none on a first start', () => {
    const next = nextShare(undefined, ['a', 'b', 'c'], ownsOf(['a', 'c']), 1_000, LOOKBACK);
    expect(next.record).toEqual({ owned: ['a', 'c'], handover: {} });
    expect(next.started).toEqual([]);
  });

  it('keeps a zone it owned and owns no more for the lookback from now, then drops it', () => {
    const before = { owned: ['a', 'b', 'c'], handover: {} };
    const next = nextShare(before, ['a', 'b', 'c', 'd'], ownsOf(['a', 'd']), 1_000, LOOKBACK);
    expect(next.record).toEqual({ owned: ['a', 'd'], handover: { b: 1_000 + LOOKBACK, c: 1_000 + LOOKBACK } });
    expect(next.started).toEqual(['b', 'c']);
    // A restart during the handover keeps its end; it is not restarted.
    const again = nextShare(next.record, ['a', 'b', 'c', 'd'], ownsOf(['a', 'd']), 300_000, LOOKBACK);
    expect(again.record.handover).toEqual({ b: 1_000 + LOOKBACK, c: 1_000 + LOOKBACK });
    expect(again.started).toEqual([]);
    const over = nextShare(again.record, ['a', 'b', 'c', 'd'], ownsOf(['a', 'd']), 1_000 + LOOKBACK, LOOKBACK);
    expect(over.record).toEqual({ owned: ['a', 'd'], handover: {} });
    expect(over.ended).toEqual(['b', 'c']);
  });

  it('ends a handover when the zone is owned again or gone from the zone list', () => {
    const before = { owned: ['a'], handover: { b: 900_000, c: 900_000 } };
    const next = nextShare(before, ['a', 'b'], ownsOf(['a', 'b']), 1_000, LOOKBACK);
    expect(next.record).toEqual({ owned: ['a', 'b'], handover: {} });
    expect(next.ended).toEqual(['b', 'c']);
  });

  it('hands over nothing when the membership did not change (same owned zones)', () => {
    const before = { owned: ['a', 'c'], handover: {} };
    const next = nextShare(before, ['a', 'b', 'c'], ownsOf(['a', 'c']), 1_000, LOOKBACK);
    expect(next.record).toEqual(before);
    expect([...next.started, ...next.ended]).toEqual([]);
  });
});
