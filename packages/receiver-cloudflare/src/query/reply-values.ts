/**
 * What a value in a Cloudflare reply must look like to become a point. Everything else is a broken or hostile
 * reply: the caller drops it and counts it (`settle_cloudflare_invalid_values`), never guesses.
 */

/** The largest count kept: past 2^53 a double cannot tell n from n+1, so the count would already be wrong. */
export const MAX_COUNT = 2 ** 53;

const DECIMAL = /^\d+$/;
const REAL = /^\d+(\.\d+)?$/;

type Read = { value: number } | { error: string };

/**
 * A count: a non-negative integer ≤ 2^53, as a JSON number or a string of decimal digits. `Number()` alone
 * reads "0x1F" as 31, "1e3" as 1000 and " 12" as 12; none of those is what Cloudflare sends.
 */
export function countOf(raw: unknown): Read {
  const read = nonNegative(raw, DECIMAL);
  if ('error' in read) return read;
  if (!Number.isInteger(read.value)) return { error: 'a fraction where a count is expected' };
  if (read.value > MAX_COUNT) return { error: 'above 2^53' };
  return read;
}

/**
 * A measurement (quantile, level, a metric whose spec says `values: 'real'`): a finite non-negative number, as
 * a JSON number or a plain decimal string (`12`, `0.25`); as strict as `countOf` otherwise.
 */
export function realOf(raw: unknown): Read {
  return nonNegative(raw, REAL);
}

function nonNegative(raw: unknown, text: RegExp): Read {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && text.test(raw)) n = Number(raw);
  else if (raw === undefined) return { error: 'missing' };
  else
    return {
      error: typeof raw === 'string' ? 'not a decimal number' : `a ${raw === null ? 'null' : typeof raw}, not a number`,
    };
  if (!Number.isFinite(n)) return { error: 'not a finite number' };
  if (n < 0) return { error: 'negative' };
  return { value: n };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Epoch ms of a strict RFC 3339 date-time (`2026-01-01T12:00:00Z`, offsets and fractions allowed), or
 * undefined. `Date.parse` alone takes "1" as 2001-01-01 and rolls 2026-02-30 over to March 2nd.
 */
export function rfc3339Ms(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = RFC3339.exec(raw);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? ms : undefined;
}
