import { z } from 'zod';

/**
 * How a rule names metrics: a plain string is an exact name; `{ glob }` takes `*` (any run of characters) and
 * `?` (one character); `{ regex }` is a JavaScript regular expression matched against the whole name.
 */
export const nameMatcherConfig = z
  .union([
    z.string().min(1),
    z.object({ exact: z.string().min(1) }).strict(),
    z.object({ glob: z.string().min(1) }).strict(),
    z.object({ regex: regexString() }).strict(),
  ])
  .meta({
    description: 'a metric name (exact), or { glob: "cloudflare_zone_*" }, or { regex: "^cloudflare_.*_total$" }',
  });

export type NameMatcherConfig = z.input<typeof nameMatcherConfig>;

export type NameTest = (name: string) => boolean;

/** Compiles a matcher (the schema already refused regexes that do not compile). */
export function compileNameMatcher(m: z.output<typeof nameMatcherConfig>): NameTest {
  if (typeof m === 'string') return (name) => name === m;
  if ('exact' in m) return (name) => name === m.exact;
  const re = 'glob' in m ? globToRegExp(m.glob) : anchored(m.regex);
  return (name) => re.test(name);
}

/** `*` and `?` only; every other character is literal (metric names have no path separators to treat apart). */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** A user's regex is matched against the whole value, as the Collector's `regexp` match type does. */
export function anchored(regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`);
}

/** A regular expression in a config: one that does not compile is refused at load time with the engine's reason. */
export function regexString() {
  return z
    .string()
    .min(1)
    .superRefine((p, ctx) => {
      try {
        anchored(p);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regex ${JSON.stringify(p)}: ${(err as Error).message}` });
      }
    });
}
