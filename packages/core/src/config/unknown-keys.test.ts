import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { duration } from './duration.js';
import { closest } from './suggest.js';
import { findUnknownKeys } from './unknown-keys.js';

const keys = (schema: z.ZodType, value: unknown) =>
  findUnknownKeys(schema, value).map((u) => [...u.path, u.key].join('.'));

describe('findUnknownKeys', () => {
  it('treats plain z.object as strict, however deep and however wrapped', () => {
    const schema = z.object({
      a: z.string().optional(),
      nested: z.object({ b: z.number() }).default({ b: 1 }),
      list: z.array(z.object({ c: z.string() })).optional(),
      map: z.record(z.string(), z.object({ d: z.string() })).optional(),
      piped: z
        .object({ e: z.string() })
        .transform((v) => v.e)
        .optional(),
      lazy: z
        .lazy(() => z.object({ f: z.string() }))
        .nullable()
        .optional(),
    });
    const value = {
      a: 'x',
      x: 1,
      nested: { b: 1, y: 2 },
      list: [{ c: 'ok' }, { c: 'ok', z: 3 }],
      map: { one: { d: 'ok', w: 4 } },
      piped: { e: 'ok', v: 5 },
      lazy: { f: 'ok', u: 6 },
    };
    expect(keys(schema, value)).toEqual(['x', 'nested.y', 'list.1.z', 'map.one.w', 'piped.v', 'lazy.u']);
  });

  it('lets extra keys through where the author opened the object on purpose', () => {
    expect(keys(z.looseObject({ a: z.string() }), { a: 'x', extra: 1 })).toEqual([]);
    expect(
      keys(z.object({ a: z.string() }).catchall(z.object({ n: z.number() })), { a: 'x', extra: { n: 1, m: 2 } }),
    ).toEqual(['extra.m']);
    expect(keys(z.strictObject({ a: z.string() }), { a: 'x', extra: 1 })).toEqual(['extra']);
  });

  it('judges a union by the option the value fits', () => {
    const schema = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('http'), url: z.string() }),
      z.object({ kind: z.literal('file'), path: z.string() }),
    ]);
    expect(keys(schema, { kind: 'file', path: 'p' })).toEqual([]);
    expect(keys(schema, { kind: 'file', path: 'p', url: 'u' })).toEqual(['url']);
    const either = z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.string() })]);
    expect(keys(either, { a: 'x', b: 'y' })).toEqual([]);
  });

  it('reports the keys allowed where the unknown one was found', () => {
    expect(findUnknownKeys(z.object({ timeout: duration(), endpoint: z.string() }), { endpont: 'x' })).toEqual([
      { path: [], key: 'endpont', allowed: ['timeout', 'endpoint'] },
    ]);
  });
});

describe('closest', () => {
  it.each([
    ['endpont', ['timeout', 'endpoint'], 'endpoint'],
    ['recievers', ['receivers', 'exporters'], 'receivers'],
    ['Receivers', ['receivers'], 'receivers'],
    ['zzz', ['receivers', 'exporters'], undefined],
    ['a', [], undefined],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
