/**
 * What to do about a failed query. Every HTTP status and every GraphQL `errors[].message` maps to one of:
 * - `retry`: transient (5xx, timeouts, "please try again later"); back off and try again.
 * - `rate_limited`: over Cloudflare's quota; wait `retryAfterMs` and slow our own limiter down.
 * - `skip`: this zone cannot use this dataset (permission, plan); skip it for a while, warn once.
 * - `bad_query`: the query itself is wrong (range too old or too long, limit, field count); retrying the same
 *   query cannot help, so log and count it.
 * - `auth`: the credentials were refused; fatal at start, an error status later.
 */
export type ErrorClass = 'retry' | 'rate_limited' | 'skip' | 'bad_query' | 'auth';

export interface Classification {
  readonly class: ErrorClass;
  /** How long to wait before the next query, when the reply said so (Retry-After or the message). */
  readonly retryAfterMs?: number;
}

const MINUTE = 60_000;

// Order matters: the first matching rule wins ("rate limiter budget" must not fall into a generic "limit").
const MESSAGE_RULES: readonly (readonly [RegExp, ErrorClass])[] = [
  [
    /quota exceeded|rate limiter budget depleted|limit reached, please try|rate.?limit(ed)?\b|too many requests/i,
    'rate_limited',
  ],
  [
    /please try again later|too many queries in progress|timed? ?out|temporarily unavailable|internal (server )?error|service unavailable/i,
    'retry',
  ],
  [
    /does not have access|not available for your plan|not entitled|requires? an? .*plan|not authori[sz]ed (to access|for) (this )?(zone|account|dataset)/i,
    'skip',
  ],
  [
    /authenticat|invalid api token|invalid (access )?token|unauthori[sz]ed|missing (credentials|token)|invalid request headers/i,
    'auth',
  ],
  [
    /cannot request data older than|time range is too large|limit must be|number of fields can't be more than|cannot query field|unknown (field|argument|type)|syntax error|cannot parse|error parsing args|scalar fields must have not selections|is not defined|expected type|must have a selection/i,
    'bad_query',
  ],
];

/** Classifies one GraphQL error message; unknown messages count as `bad_query` (logged, retried next poll only). */
export function classifyMessage(message: string): Classification {
  for (const [pattern, cls] of MESSAGE_RULES) {
    if (!pattern.test(message)) continue;
    if (cls !== 'rate_limited') return { class: cls };
    return { class: cls, retryAfterMs: waitFromMessage(message) };
  }
  return { class: 'bad_query' };
}

/** Classifies a non-2xx HTTP status. */
export function classifyStatus(status: number, retryAfter: string | null, nowMs: number): Classification {
  if (status === 429) return { class: 'rate_limited', retryAfterMs: parseRetryAfter(retryAfter, nowMs) ?? MINUTE };
  if (status === 401 || status === 403) return { class: 'auth' };
  if (status === 408 || status === 425 || status >= 500) {
    const wait = parseRetryAfter(retryAfter, nowMs);
    return wait === undefined ? { class: 'retry' } : { class: 'retry', retryAfterMs: wait };
  }
  return { class: 'bad_query' };
}

/** The most severe class of several errors in one reply: what the whole query must do next. */
export function worstOf(classes: readonly Classification[]): Classification | undefined {
  const rank: Record<ErrorClass, number> = { auth: 5, rate_limited: 4, retry: 3, bad_query: 2, skip: 1 };
  let worst: Classification | undefined;
  for (const c of classes) if (worst === undefined || rank[c.class] > rank[worst.class]) worst = c;
  return worst;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** "repeat your request in the next minute" → 1 min; "try again after 5 minutes" → 5 min; else 1 min. */
function waitFromMessage(message: string): number {
  const m = /after (\d+) (second|minute)s?/i.exec(message);
  if (m !== null) return Number(m[1]) * (m[2]?.toLowerCase() === 'second' ? 1000 : MINUTE);
  return MINUTE;
}
