import fc from 'fast-check';
import type { AttributeValue, Attributes } from '@settle/core';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attributesProcessor, compileActions, type Action } from '../src/index.js';
import { point, REQUESTS, run } from './harness.js';

/**
 * The actions' meaning stated plainly, as the oracle for the processor's compiled, per-shape form: the changes
 * the actions make in order over the untouched input; out come the input's keys in their order (a changed one
 * in its place, a deleted one gone), then keys the input did not have, in the order they were first set.
 */
function reference(actions: readonly Action[], input: Attributes): [string, AttributeValue][] {
  const changes = new Map<string, AttributeValue | undefined>();
  const get = (k: string): AttributeValue | undefined =>
    changes.has(k) ? changes.get(k) : Object.hasOwn(input, k) ? input[k] : undefined;
  for (const a of actions) {
    const v = get(a.key);
    if (a.action === 'delete') changes.set(a.key, undefined);
    else if (a.action === 'rename') {
      if (v === undefined) continue;
      changes.set(a.key, undefined);
      changes.set(a.to, v);
    } else if (a.action === 'hash') {
      if (v !== undefined) changes.set(a.key, sha256(String(v)));
    } else {
      if ((a.action === 'insert' && v !== undefined) || (a.action === 'update' && v === undefined)) continue;
      const set = a.from_attribute === undefined ? a.value : get(a.from_attribute);
      if (set !== undefined) changes.set(a.key, set);
    }
  }
  const out: [string, AttributeValue][] = [];
  for (const [k, v] of Object.entries(input))
    if (!changes.has(k)) out.push([k, v]);
    else if (changes.get(k) !== undefined) out.push([k, changes.get(k)!]);
  for (const [k, v] of changes) if (v !== undefined && !Object.hasOwn(input, k)) out.push([k, v]);
  return out;
}

// SHA-256 digests from `printf %s TEXT | sha256sum` ("abc" is FIPS 180-2's test vector): the output of `hash`
// must never change, or hashed series would split from their history.
const DIGESTS: Record<string, string> = {
  abc: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  '192.0.2.1': '37fcff24bf62035b2b08020afc08b4fecd4fcffce57ab23518e3561ff0fe76b9',
  '200': '27badc983df1780b60c2b3fa9d3a19a00e46aac798451f0febdca52920faaddf',
  true: 'b5bea41b6c623f7c09f1bf24dcae58ebab3c0cdd90ad966bc43a45b44867e12b',
  /** of the hex digest of "abc" */
  abc2: 'dfe7a23fefeea519e9bbfdd1a6be94c4b2e4529dd6b7cbea83f9959c2621b13c',
};
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const KEYS = ['zone', 'host', 'ip', 'status', 'env'] as const;
const VALUE = fc.constantFrom<AttributeValue>('a.com', 'b.com', '192.0.2.1', 200, '200', 0, true, 'true', '');
const KEY = fc.constantFrom(...KEYS);
const ACTION: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    key: KEY,
    action: fc.constantFrom('insert' as const, 'update' as const, 'upsert' as const),
    value: VALUE,
  }),
  fc.record({
    key: KEY,
    action: fc.constantFrom('insert' as const, 'update' as const, 'upsert' as const),
    from_attribute: KEY,
  }),
  fc.record({ key: KEY, action: fc.constant('delete' as const) }),
  fc.record({ key: KEY, action: fc.constant('rename' as const), to: KEY }),
  fc.record({ key: KEY, action: fc.constant('hash' as const) }),
);
/** Attributes as entries in a random order: points of one batch come in several shapes, interleaved. */
const ATTRS = fc
  .uniqueArray(fc.tuple(KEY, VALUE), { selector: ([k]) => k, maxLength: 5 })
  .map((entries): Attributes => Object.fromEntries(entries));

describe('attributes: order, collisions and shapes', () => {
  it('matches the plain statement of the actions, key order included, over points of mixed shapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ACTION, { minLength: 1, maxLength: 6 }),
        fc.array(ATTRS, { minLength: 1, maxLength: 12 }),
        async (actions, inputs) => {
          const r = await run(attributesProcessor, { actions });
          // each shape twice in a row and once more at the end: the per-shape plans are reused
          const all = [...inputs.flatMap((a) => [a, a]), ...inputs];
          await r.feed({ resource: {}, metrics: [{ descriptor: REQUESTS, points: all.map((a, i) => point(a, i)) }] });
          const got = r.sink.points().map((p) => Object.entries(p.attributes));
          expect(got).toEqual(all.map((a) => reference(actions, a)));
          expect(r.sink.points().map((p) => p.value)).toEqual(all.map((_, i) => i));
          const apply = compileActions(actions);
          for (const a of inputs) expect(Object.entries(apply(a))).toEqual(reference(actions, a));
        },
      ),
      { numRuns: 300 },
    );
  });

  const cases: { name: string; actions: Action[]; input: Attributes; out: [string, AttributeValue][] }[] = [
    {
      name: 'changed keys stay in place, new ones follow in the order they were set',
      actions: [
        { key: 'x', action: 'insert', value: 1 },
        { key: 'zone', action: 'rename', to: 'z' },
        { key: 'status', action: 'upsert', value: 'ok' },
      ],
      input: { zone: 'a.com', ip: '192.0.2.1', status: 200 },
      out: [
        ['ip', '192.0.2.1'],
        ['status', 'ok'],
        ['x', 1],
        ['z', 'a.com'],
      ],
    },
    {
      name: 'delete then insert puts the key back in its place',
      actions: [
        { key: 'zone', action: 'delete' },
        { key: 'zone', action: 'insert', value: 'b.com' },
      ],
      input: { zone: 'a.com', ip: '192.0.2.1' },
      out: [
        ['zone', 'b.com'],
        ['ip', '192.0.2.1'],
      ],
    },
    {
      name: 'rename onto itself changes nothing',
      actions: [{ key: 'zone', action: 'rename', to: 'zone' }],
      input: { zone: 'a.com', ip: '192.0.2.1' },
      out: [
        ['zone', 'a.com'],
        ['ip', '192.0.2.1'],
      ],
    },
    {
      name: 'rename onto an existing key replaces it in its place; a swap needs a third key',
      actions: [
        { key: 'zone', action: 'rename', to: 'tmp' },
        { key: 'ip', action: 'rename', to: 'zone' },
        { key: 'tmp', action: 'rename', to: 'ip' },
      ],
      input: { zone: 'a.com', ip: '192.0.2.1', status: 200 },
      out: [
        ['zone', '192.0.2.1'],
        ['ip', 'a.com'],
        ['status', 200],
      ],
    },
    {
      name: 'hash twice hashes the digest; an inserted constant is hashed too',
      actions: [
        { key: 'ip', action: 'hash' },
        { key: 'ip', action: 'hash' },
        { key: 'k', action: 'insert', value: 'abc' },
        { key: 'k', action: 'hash' },
      ],
      input: { ip: 'abc' },
      out: [
        ['ip', DIGESTS['abc2']!],
        ['k', DIGESTS['abc']!],
      ],
    },
  ];
  it.each(cases)('$name', ({ actions, input, out }) => {
    expect(Object.entries(compileActions(actions)(input))).toEqual(out);
    expect(reference(actions, input)).toEqual(out);
  });

  it('hash output is the SHA-256 hex of the text, unchanged, also for repeated and many distinct values', () => {
    const hash = compileActions([{ key: 'v', action: 'hash' }]);
    expect(hash({ v: 'abc' })).toEqual({ v: DIGESTS['abc'] });
    expect(hash({ v: 'abc' })).toEqual({ v: DIGESTS['abc'] }); // from the cache
    expect(hash({ v: '192.0.2.1' })).toEqual({ v: DIGESTS['192.0.2.1'] });
    expect(hash({ v: 200 })).toEqual({ v: DIGESTS['200'] }); // a number hashes its text
    expect(hash({ v: '200' })).toEqual({ v: DIGESTS['200'] });
    expect(hash({ v: true })).toEqual({ v: DIGESTS['true'] });
    // more distinct values than the cache holds, then the first ones again
    for (let i = 0; i < 70_000; i += 997) expect(hash({ v: `10.0.${i}` }).v).toBe(sha256(`10.0.${i}`));
    for (let i = 0; i < 140_000; i++) hash({ v: i });
    expect(hash({ v: 'abc' })).toEqual({ v: DIGESTS['abc'] });
    expect(hash({ v: 5 })).toEqual({ v: sha256('5') });
  });
});

describe('attributes: unusual inputs', () => {
  it('treats a key holding undefined as absent, and leaves it in place when no action touches it', () => {
    const input = { zone: 'a.com', ip: undefined, host: undefined } as unknown as Attributes;
    const apply = compileActions([
      { key: 'ip', action: 'insert', value: 'none' },
      { key: 'host', action: 'update', value: 'x' },
      { key: 'zone', action: 'hash' },
    ]);
    for (let i = 0; i < 3; i++) {
      const out = apply(input);
      expect(Object.entries(out)).toEqual([
        ['zone', sha256('a.com')],
        ['ip', 'none'],
        ['host', undefined],
      ]);
      expect(apply({ zone: 'a.com', ip: '1', host: 'h' })).toEqual({ zone: sha256('a.com'), ip: '1', host: 'x' });
    }
  });

  it("acts on attribute names that are also Object.prototype's (own keys only)", () => {
    const apply = compileActions([
      { key: 'constructor', action: 'insert', value: 'c' },
      { key: 'toString', action: 'hash' },
      { key: 'hasOwnProperty', action: 'upsert', from_attribute: 'valueOf' },
    ]);
    expect(apply({ zone: 'a' })).toEqual({ zone: 'a', constructor: 'c' });
    expect(apply({ toString: 'abc', valueOf: 1 })).toEqual({
      toString: DIGESTS['abc'],
      valueOf: 1,
      constructor: 'c',
      hasOwnProperty: 1,
    });
  });
});
