import type { GraphqlRequest } from '../query/build-query.js';
import { parseGraphqlReply, type ParsedReply } from '../query/parse-reply.js';
import {
  classifyMessage,
  classifyStatus,
  parseRetryAfter,
  worstOf,
  type Classification,
  type ErrorClass,
} from './classify.js';
import { authHeaders, redactor, type Credentials } from './credentials.js';
import { httpExchange, type FetchLike } from './http.js';

/** A failure of the whole query: what to do, and a message safe to log. */
export interface QueryFailure extends Classification {
  readonly detail: string;
  /** The reply could not be read at all (telemetry counts these apart). */
  readonly malformed?: boolean;
}

export interface ZoneError {
  readonly class: Extract<ErrorClass, 'skip' | 'bad_query'>;
  readonly message: string;
}

export interface QueryOutcome {
  /** Zones and rows the reply carried (possibly partial, next to errors). */
  readonly reply: ParsedReply | undefined;
  /** Errors that concern one zone only and do not spoil the rest of the reply. */
  readonly zoneErrors: ReadonlyMap<string, ZoneError>;
  readonly failure: QueryFailure | undefined;
}

export interface GraphqlClientOptions {
  readonly endpoint: string;
  readonly credentials: Credentials;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly fetch?: FetchLike;
}

/** Posts analytics queries and turns every possible reply into a classified outcome. */
export class GraphqlClient {
  private readonly redact: (text: string) => string;

  constructor(private readonly options: GraphqlClientOptions) {
    this.redact = redactor(options.credentials);
  }

  async query(
    request: GraphqlRequest,
    dataset: string,
    zoneTags: readonly string[],
    signal: AbortSignal,
  ): Promise<QueryOutcome> {
    const res = await httpExchange(
      {
        method: 'POST',
        url: this.options.endpoint,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...authHeaders(this.options.credentials),
        },
        body: JSON.stringify(request),
        timeoutMs: this.options.timeoutMs,
        signal,
      },
      this.options.fetch,
    );
    if (!res.ok) return failed({ class: 'retry', detail: res.reason });

    const now = this.options.now();
    const success = res.status >= 200 && res.status < 300;
    const reply = res.json === undefined ? undefined : parseGraphqlReply(res.json, dataset, zoneTags);
    if (reply === undefined || (reply.malformed !== undefined && (success || reply.errors.length === 0))) {
      const what = reply?.malformed ?? `reply is not JSON: ${JSON.stringify(res.snippet.slice(0, 80))}`;
      if (success)
        return failed({
          class: 'retry',
          detail: this.redact(`malformed reply (HTTP ${res.status}): ${what}`),
          malformed: true,
        });
      const byStatus = classifyStatus(res.status, res.retryAfter, now);
      return failed({ ...byStatus, detail: this.redact(`HTTP ${res.status}: ${what}`) });
    }

    const zoneErrors = new Map<string, ZoneError>();
    const queryLevel: QueryFailure[] = [];
    for (const e of reply.errors) {
      const message = this.redact(e.message);
      let c = classifyMessage(e.message);
      // A refusal that names one zone is that zone's permission, not a bad token.
      if (c.class === 'auth' && e.zoneTag !== undefined) c = { class: 'skip' };
      if ((c.class === 'skip' || c.class === 'bad_query') && e.zoneTag !== undefined) {
        if (!zoneErrors.has(e.zoneTag)) zoneErrors.set(e.zoneTag, { class: c.class, message });
        continue;
      }
      queryLevel.push({ ...c, detail: message });
    }
    if (!success && queryLevel.length === 0 && zoneErrors.size === 0) {
      queryLevel.push({ ...classifyStatus(res.status, res.retryAfter, now), detail: `HTTP ${res.status}` });
    }
    const worst = worstOf(queryLevel) as QueryFailure | undefined;
    let failure = worst;
    if (worst?.class === 'rate_limited') {
      // A Retry-After header beats the wait guessed from the message.
      const header = parseRetryAfter(res.retryAfter, now);
      failure = { ...worst, retryAfterMs: header ?? worst.retryAfterMs ?? 60_000 };
    }
    return { reply, zoneErrors, failure };
  }
}

function failed(failure: QueryFailure): QueryOutcome {
  return { reply: undefined, zoneErrors: new Map(), failure };
}
