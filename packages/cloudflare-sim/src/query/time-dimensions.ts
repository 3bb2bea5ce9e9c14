/** Bucket width of each time dimension Cloudflare offers, in ms. `datetime` of a minute rollup is its minute. */
export const TIME_GRANULARITY_MS: Readonly<Record<string, number>> = {
  datetime: 60_000,
  datetimeMinute: 60_000,
  datetimeFiveMinutes: 300_000,
  datetimeFifteenMinutes: 900_000,
  datetimeHalfOfHour: 1_800_000,
  datetimeHour: 3_600_000,
  datetimeDay: 86_400_000,
  date: 86_400_000,
};

export function isTimeDimension(name: string): boolean {
  return name in TIME_GRANULARITY_MS;
}

/** The value of a time dimension for rows of `minuteMs`: epoch ms (Time) or YYYY-MM-DD (Date). */
export function timeDimension(name: string, minuteMs: number): number | string {
  const g = TIME_GRANULARITY_MS[name] ?? 60_000;
  const floored = minuteMs - (minuteMs % g);
  return name === 'date' ? formatDate(floored) : floored;
}

const formatted = new Map<number, string>();

/** Cloudflare prints Time as RFC 3339 in UTC without fractional seconds. Memoised: the same minutes recur. */
export function formatTime(ms: number): string {
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (formatted.size > 50_000) formatted.clear();
    formatted.set(ms, text);
  }
  return text;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses a Time or Date value (RFC 3339, any fraction length, or epoch ms); NaN when it is not one. */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const m = RFC3339.exec(value.trim());
  if (m === null) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.slice(0, 3).padEnd(3, '0')),
  );
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return ms;
}

export function floorMinute(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
