import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { simulatorSchema } from './build-schema.js';
import { cloudflareValidationRules } from './loose-variables-rule.js';

const errors = (query: string) =>
  validate(simulatorSchema(), parse(query), cloudflareValidationRules).map((e) => e.message);
const body = `viewer { zones(filter: { zoneTag_in: $zones }) { httpRequestsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $from }) { count } } }`;

describe('loose variable positions', () => {
  it.each([
    ['($zones: [String!], $limit: Int!, $from: Time!)'],
    ['($zones: [string!], $limit: uint64!, $from: Time!)'],
    ['($zones: [String!]!, $limit: Float!, $from: String!)'],
    ['($zones: String!, $limit: Int!, $from: Time!)'],
  ])('accepts %s like Cloudflare', (vars) => {
    expect(errors(`query ${vars} { ${body} }`)).toEqual([]);
  });

  it('still refuses a nullable variable in a non-null position and a list into a scalar', () => {
    expect(errors(`query ($zones: [String!], $limit: Int, $from: Time!) { ${body} }`)).toEqual([
      'Variable "$limit" of type "Int" used in position expecting type "uint64!".',
    ]);
    expect(errors(`query ($zones: [String!], $limit: [Int!]!, $from: Time!) { ${body} }`)).toHaveLength(1);
  });

  it('keeps the other rules: unknown fields and unused variables are errors', () => {
    expect(errors('{ viewer { nope } }')[0]).toContain('Cannot query field "nope"');
    expect(errors(`query ($x: Int) { viewer { budget } }`)[0]).toContain('"$x" is never used');
  });
});
