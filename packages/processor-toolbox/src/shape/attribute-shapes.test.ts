import type { Attributes } from '@settle/core';
import { describe, expect, it } from 'vitest';
import { AttributeShapes } from './attribute-shapes.js';

describe('AttributeShapes', () => {
  it('compiles once per name order and gives each point its values in that order', () => {
    const compiled: string[] = [];
    const shapes = new AttributeShapes((names) => {
      compiled.push(names.join(','));
      return names.join(',');
    });
    const points: Attributes[] = [
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
      { b: 'z', a: 3 }, // same names, other order: another shape
      { a: 4 }, // a prefix of the last shape but one
      { a: 5, b: 'w', c: true }, // longer
      { a: 6, b: 'v' },
      {},
    ];
    const seen = points.map((p) => [shapes.of(p), [...shapes.values], shapes.names.join(',')]);
    expect(seen).toEqual([
      ['a,b', [1, 'x'], 'a,b'],
      ['a,b', [2, 'y'], 'a,b'],
      ['b,a', ['z', 3], 'b,a'],
      ['a', [4], 'a'],
      ['a,b,c', [5, 'w', true], 'a,b,c'],
      ['a,b', [6, 'v'], 'a,b'],
      ['', [], ''],
    ]);
    expect(compiled).toEqual(['a,b', 'b,a', 'a', 'a,b,c', '']);
  });

  it('tells apart names that a joined string would confuse, and stays right past its limit', () => {
    const shapes = new AttributeShapes((names) => names);
    expect(shapes.of({ 'a,b': 1 })).toEqual(['a,b']);
    expect(shapes.of({ a: 1, b: 2 })).toEqual(['a', 'b']);
    for (let i = 0; i < 3000; i++) {
      const attrs = { [`k${i % 1500}`]: i, z: 0 };
      expect(shapes.of(attrs)).toEqual([`k${i % 1500}`, 'z']);
      expect(shapes.values).toEqual([i, 0]);
    }
  });
});
