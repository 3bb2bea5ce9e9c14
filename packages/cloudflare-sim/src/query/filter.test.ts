import { describe, expect, it } from 'vitest';
import type { Cell } from '../model/cell.js';
import { DATASETS } from '../schema/datasets.js';
import { compileFilter, likeToRegExp, splitOperator } from './filter.js';

const def = DATASETS.httpRequestsAdaptiveGroups;
const MINUTE = Date.UTC(2026, 0, 1, 10, 5);
const cell = (dims: Partial<Cell['dims']>): Cell =>
  ({
    dims: {
      clientCountryName: 'US',
      edgeResponseStatus: 200,
      clientRequestHTTPHost: 'www.a.com',
      cacheStatus: 'hit',
      ...dims,
    },
  }) as Cell;
const matches = (filter: unknown, c: Cell, minute = MINUTE) =>
  compileFilter(filter, def.dimensions, def.readers)(c, minute);

describe('compileFilter', () => {
  it.each([
    [{ clientCountryName: 'US' }, true],
    [{ clientCountryName_neq: 'US' }, false],
    [{ edgeResponseStatus_geq: 400 }, false],
    [{ edgeResponseStatus_lt: 201 }, true],
    [{ edgeResponseStatus_in: [301, 200] }, true],
    [{ cacheStatus_notin: ['hit'] }, false],
    [{ clientRequestHTTPHost_like: 'www.%' }, true],
    [{ clientRequestHTTPHost_notlike: '%.a.com' }, false],
    [{ OR: [{ clientCountryName: 'DE' }, { edgeResponseStatus: 200 }] }, true],
    [{ AND: [{ clientCountryName: 'US' }, { edgeResponseStatus: 404 }] }, false],
    [{ datetime_geq: '2026-01-01T10:05:00Z', datetime_lt: '2026-01-01T10:06:00Z' }, true],
    [{ datetime: '2026-01-01T10:05:00.000000000Z' }, true],
    [{ datetimeHour: '2026-01-01T10:00:00Z' }, true],
    [{ date_gt: '2026-01-01' }, false],
    [{ clientCountryName: null }, true],
  ])('%j → %s', (filter, expected) => {
    expect(matches(filter, cell({}))).toBe(expected);
  });

  it('splits operators off field names', () => {
    expect(splitOperator('edgeResponseStatus_notin')).toEqual({ field: 'edgeResponseStatus', op: '_notin' });
    expect(splitOperator('datetime')).toEqual({ field: 'datetime', op: '_eq' });
  });

  it('translates SQL LIKE', () => {
    expect(likeToRegExp('a_c%').test('abcdef')).toBe(true);
    expect(likeToRegExp('a.c').test('abc')).toBe(false);
  });
});
