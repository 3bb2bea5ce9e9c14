/**
 * The longest wait a peer's Retry-After can impose. A peer knows its own load better than we do, so its wait is
 * honoured beyond our own backoff's cap, but a buggy or hostile header (`Retry-After: 99999999`) must not park a
 * component for days or overflow a timer (Node's timers hold at most ~24.8 days).
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * `Retry-After` (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds (digits only) or an HTTP date
 * (a past date means "now"), clamped to [0, maxMs]. Undefined when absent or unreadable, so the caller falls
 * back to its backoff: garbage never stops anything.
 */
export function parseRetryAfter(
  value: string | readonly string[] | null | undefined,
  nowMs: number,
  maxMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxMs); // "1e400" digits → Infinity → maxMs
  // HTTP dates start with the day name ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would accept "-5".
  if (!/^[A-Za-z]{3},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), maxMs);
}
