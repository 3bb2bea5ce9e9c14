import { describe, expect, it } from 'vitest';
import { parseGraphqlReply } from '../query/parse-reply.js';
import { resultOf } from './query-result.js';

const A = 'a'.repeat(32);

describe('resultOf', () => {
  it('a reply that lacks a zone list with no error saying why is partial, not ok', () => {
    const reply = parseGraphqlReply({ data: { viewer: { zones: [{ zoneTag: A }] } } }, 'httpRequests1mGroups', [A]);
    expect(resultOf({ reply, zoneErrors: new Map(), failure: undefined })).toBe('partial');
  });

  it('a reply missing a requested zone is partial', () => {
    const reply = parseGraphqlReply({ data: { viewer: { zones: [] } } }, 'httpRequests1mGroups', [A]);
    expect(resultOf({ reply, zoneErrors: new Map(), failure: undefined })).toBe('partial');
  });

  it('a whole reply is ok', () => {
    const body = { data: { viewer: { zones: [{ zoneTag: A, httpRequests1mGroups: [] }] } } };
    const reply = parseGraphqlReply(body, 'httpRequests1mGroups', [A]);
    expect(resultOf({ reply, zoneErrors: new Map(), failure: undefined })).toBe('ok');
  });
});
