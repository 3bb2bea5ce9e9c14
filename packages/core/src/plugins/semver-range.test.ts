import { describe, expect, it } from 'vitest';
import { isValidRange, satisfies } from './semver-range.js';

describe('satisfies', () => {
  it.each([
    ['0.1.0', '^0.1.0', true],
    ['0.1.9', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.9.0', '^1.2.3', true],
    ['1.2.2', '^1.2.3', false],
    ['2.0.0', '^1.2.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['0.5.0', '>=0.1.0', true],
    ['0.0.9', '>=0.1.0', false],
    ['1.0.0', '>=0.1.0 <1.0.0', false],
    ['0.9.9', '>=0.1.0 <1.0.0', true],
    ['0.3.1', '0.x', true],
    ['1.3.1', '0.x', false],
    ['1.2.7', '1.2.x', true],
    ['5.0.0', '*', true],
    ['2.1.0', '^1.0.0 || ^2.0.0', true],
    ['3.0.0', '^1.0.0 || ^2.0.0', false],
    ['1.4.9', '1.0.0 - 1.4', true],
    ['1.5.0', '1.0.0 - 1.4', false],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', false],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '>1.2', false],
    ['1.2.9', '<=1.2', true],
    ['1.0.0-rc.1', '^1.0.0', false],
    ['1.0.0-rc.1', '>=1.0.0-rc.0', true],
    ['not-a-version', '*', false],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('tells malformed ranges apart', () => {
    expect(isValidRange('^0.1.0 || >=2')).toBe(true);
    expect(isValidRange('banana')).toBe(false);
    expect(isValidRange('>=1.0 <')).toBe(false);
  });
});
