import { describe, expect, it } from 'vitest';
import { parseGraphqlReply } from './parse-reply.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('parseGraphqlReply', () => {
  it('reads zones and their rows', () => {
    const body = {
      data: {
        viewer: {
          zones: [
            { zoneTag: A, httpRequests1mGroups: [{ x: 1 }] },
            { zoneTag: B, httpRequests1mGroups: [] },
          ],
        },
      },
      errors: null,
    };
    const r = parseGraphqlReply(body, 'httpRequests1mGroups');
    expect(r.malformed).toBeUndefined();
    expect(r.zones).toEqual([
      { zoneTag: A, rows: [{ x: 1 }] },
      { zoneTag: B, rows: [] },
    ]);
  });

  it('ties an error to its zone by path, whether the index is a number or a string', () => {
    const body = {
      data: {
        viewer: {
          zones: [
            { zoneTag: A, firewallEventsAdaptiveGroups: [] },
            { zoneTag: B, firewallEventsAdaptiveGroups: null },
          ],
        },
      },
      errors: [
        {
          message: 'zone does not have access to the path',
          path: ['viewer', 'zones', '1', 'firewallEventsAdaptiveGroups'],
        },
      ],
    };
    const r = parseGraphqlReply(body, 'firewallEventsAdaptiveGroups');
    expect(r.errors[0]?.zoneTag).toBe(B);
    expect(r.zones[1]?.rows).toBeUndefined();
  });

  it('with data: null, counts zones in the order they were asked for', () => {
    const body = {
      data: null,
      errors: [{ message: 'cannot request data older than 2678400s', path: ['viewer', 'zones', 0, 'x'] }],
    };
    expect(parseGraphqlReply(body, 'x', [B, A]).errors[0]?.zoneTag).toBe(B);
  });

  it.each([
    ['a string', 'hello'],
    ['a list', []],
    ['an empty object', {}],
    ['errors that are not a list', { errors: 'boom' }],
    ['a viewer without zones', { data: { viewer: {} } }],
  ])('flags %s as malformed without throwing', (_what, body) => {
    expect(parseGraphqlReply(body, 'x').malformed).toBeDefined();
  });

  it('skips zone entries without a tag and errors without a message', () => {
    const body = {
      data: { viewer: { zones: [null, { nope: 1 }, { zoneTag: A, x: 'not rows' }] } },
      errors: [42, { path: ['viewer'] }],
    };
    const r = parseGraphqlReply(body, 'x');
    expect(r.zones).toEqual([{ zoneTag: A, rows: undefined }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toContain('path');
  });
});
