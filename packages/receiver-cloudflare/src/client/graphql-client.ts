import { bodySnippet, isPermanent, parseRetryAfter, type HttpExchange, type HttpResponse } from '@settle/core';
import type { GraphqlRequest } from '../query/build-query.js';
import { parseGraphqlReply, type ParsedReply } from '../query/parse-reply.js';
import { classifyMessage, classifyStatus, worstOf, type Classification, type ErrorClass } from './classify.js';
import { authHeaders, redactor, type Credentials } from './credentials.js';

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
  /** Core's HTTP transport (timeout and size cap are its settings). */
  readonly http: HttpExchange;
  readonly now: () => number;
}

/**
 * Posts analytics queries and turns every possible reply into a classified outcome. Statuses, Retry-After and
 * network errors are read by core's rules; this layer adds what is Cloudflare's own: GraphQL error messages
 * (see classify.ts), errors that name one zone, and HTTP 200 replies that carry errors.
 */
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
    let res: HttpResponse;
    try {
      res = await this.options.http.request({
        method: 'POST',
        url: this.options.endpoint,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...authHeaders(this.options.credentials),
        },
        body: JSON.stringify(request),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      // Too large, TLS: the same query would fail the same way until the next poll; network: retry now.
      const detail = this.redact(err instanceof Error ? err.message : String(err));
      return failed({ class: isPermanent(err) ? 'bad_query' : 'retry', detail });
    }

    const now = this.options.now();
    const retryAfter = header(res.headers['retry-after']);
    const success = res.status >= 200 && res.status < 300;
    const json = parseJson(res.body);
    const reply = json === undefined ? undefined : parseGraphqlReply(json, dataset, zoneTags);
    const byStatus = success ? undefined : classifyStatus(res.status, retryAfter, now);
    const messages = reply?.errors.map((e) => e.message).join('; ') ?? '';
    // A status that says "slow down" is the answer, whatever the body adds (Cloudflare's 429 carries
    // {"errors":[{"code":971,"message":"Please wait…"}]}, a message that names no known class).
    if (byStatus?.class === 'rate_limited') {
      const detail = `HTTP ${res.status}${messages === '' ? '' : `: ${messages}`}`;
      return failed({ ...byStatus, detail: this.redact(detail) });
    }
    if (reply === undefined || (reply.malformed !== undefined && (success || reply.errors.length === 0))) {
      const what = reply?.malformed ?? `reply is not JSON: ${JSON.stringify(bodySnippet(res.body, 80))}`;
      if (byStatus === undefined) {
        return failed({
          class: 'retry',
          detail: this.redact(`malformed reply (HTTP ${res.status}): ${what}`),
          malformed: true,
        });
      }
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
    if (byStatus !== undefined && queryLevel.length === 0 && zoneErrors.size === 0) {
      queryLevel.push({ ...byStatus, detail: `HTTP ${res.status}` });
    }
    const worst = worstOf(queryLevel) as QueryFailure | undefined;
    let failure = worst;
    if (worst?.class === 'rate_limited') {
      // A Retry-After header (clamped by core's parser) beats the wait guessed from the message.
      const wait = parseRetryAfter(retryAfter, now) ?? worst.retryAfterMs;
      failure = wait === undefined ? worst : { ...worst, retryAfterMs: wait };
    }
    return { reply, zoneErrors, failure };
  }
}

function failed(failure: QueryFailure): QueryOutcome {
  return { reply: undefined, zoneErrors: new Map(), failure };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
