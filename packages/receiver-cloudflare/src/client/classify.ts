import { MAX_RETRY_AFTER_MS, parseRetryAfter, statusOutcome, withStatuses, type StatusTable } from '@settle/core';

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

/**
 * How Cloudflare's statuses differ from core's default table (OTLP's): its edge answers 500, 520–527 and 530
 * for trouble that passes, and 408 / 425 mean "send it again". 429 stays throttled, other 4xx permanent.
 */
export const CLOUDFLARE_STATUSES: StatusTable = withStatuses({
  408: 'retryable',
  425: 'retryable',
  500: 'retryable',
  520: 'retryable',
  521: 'retryable',
  522: 'retryable',
  523: 'retryable',
  524: 'retryable',
  525: 'retryable',
  526: 'retryable',
  527: 'retryable',
  530: 'retryable',
});

/**
 * Classifies a non-2xx HTTP status with core's table and Retry-After parser (clamped). Without a Retry-After
 * the wait is left undefined: the caller backs off.
 */
export function classifyStatus(status: number, retryAfter: string | null | undefined, nowMs: number): Classification {
  if (status === 401 || status === 403) return { class: 'auth' };
  const outcome = statusOutcome(status, CLOUDFLARE_STATUSES);
  if (outcome === 'permanent' || outcome === 'ok') return { class: 'bad_query' };
  const wait = parseRetryAfter(retryAfter, nowMs);
  const cls = outcome === 'throttled' ? 'rate_limited' : 'retry';
  return wait === undefined ? { class: cls } : { class: cls, retryAfterMs: wait };
}

/** The most severe class of several errors in one reply: what the whole query must do next. */
export function worstOf(classes: readonly Classification[]): Classification | undefined {
  const rank: Record<ErrorClass, number> = { auth: 5, rate_limited: 4, retry: 3, bad_query: 2, skip: 1 };
  let worst: Classification | undefined;
  for (const c of classes) if (worst === undefined || rank[c.class] > rank[worst.class]) worst = c;
  return worst;
}

/** "repeat your request in the next minute" → 1 min; "try again after 5 minutes" → 5 min; else 1 min. */
function waitFromMessage(message: string): number {
  const m = /after (\d+) (second|minute)s?/i.exec(message);
  // Clamped like a Retry-After header: a message is no more trusted than a header.
  if (m !== null)
    return Math.min(Number(m[1]) * (m[2]?.toLowerCase() === 'second' ? 1000 : MINUTE), MAX_RETRY_AFTER_MS);
  return MINUTE;
}
