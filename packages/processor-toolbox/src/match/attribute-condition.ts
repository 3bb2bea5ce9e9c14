import type { Attributes, AttributeValue } from '@settle/core';
import { z } from 'zod';
import { anchored, regexString } from './name-matcher.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One test on one attribute. Values are compared as text (`status: 200` matches the attribute "200" and the
 * number 200), because receivers differ in whether a code is a string or a number.
 */
export const attributeConditionConfig = z
  .union([
    z.object({ key: z.string().min(1), equals: scalar }).strict(),
    z.object({ key: z.string().min(1), regex: regexString() }).strict(),
    z.object({ key: z.string().min(1), in: z.array(scalar).min(1) }).strict(),
    z.object({ key: z.string().min(1), exists: z.boolean() }).strict(),
  ])
  .meta({
    description:
      'a test on one attribute: { key, equals: v } | { key, regex: "..." } | { key, in: [v, ...] } | { key, exists: true|false }',
  });

export type AttributeCondition = z.output<typeof attributeConditionConfig>;
export type AttributeTest = (attributes: Attributes) => boolean;

export function compileCondition(c: AttributeCondition): AttributeTest {
  const { key } = c;
  if ('exists' in c) return c.exists ? (a) => a[key] !== undefined : (a) => a[key] === undefined;
  if ('equals' in c) {
    const want = String(c.equals);
    return (a) => {
      const v = a[key];
      return v !== undefined && text(v) === want;
    };
  }
  if ('in' in c) {
    const set = new Set(c.in.map(String));
    return (a) => {
      const v = a[key];
      return v !== undefined && set.has(text(v));
    };
  }
  const re = anchored(c.regex);
  return (a) => {
    const v = a[key];
    return v !== undefined && re.test(text(v));
  };
}

/** Every condition holds (an empty list holds). */
export function compileAll(conditions: readonly AttributeCondition[]): AttributeTest | undefined {
  if (conditions.length === 0) return undefined;
  const tests = conditions.map(compileCondition);
  if (tests.length === 1) return tests[0];
  return (a) => tests.every((t) => t(a));
}

function text(v: AttributeValue): string {
  return typeof v === 'string' ? v : String(v);
}
